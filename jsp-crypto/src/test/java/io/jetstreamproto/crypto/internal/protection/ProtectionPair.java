package io.jetstreamproto.crypto.internal.protection;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/** Two {@link PacketProtection}s sharing random application secrets, as a handshake would leave them. */
final class ProtectionPair {
    final PacketProtection client;
    final PacketProtection server;
    final ConnectionId cid = ConnectionId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    int lastLength;

    ProtectionPair(long seed, CipherSuite suite, ProtectionConfig config, long now) {
        RandomSource r = RandomSource.deterministicForTesting(seed);
        byte[] c = r.nextBytes(32);
        byte[] s = r.nextBytes(32);
        client = new PacketProtection(new SessionSecrets(new TrafficSecret(suite, c.clone()),
                new TrafficSecret(suite, s.clone()), SecretBytes.wrap(r.nextBytes(32))), true, config, true, now);
        server = new PacketProtection(new SessionSecrets(new TrafficSecret(suite, c),
                new TrafficSecret(suite, s), SecretBytes.wrap(r.nextBytes(32))), false, config, true, now);
    }

    byte[] seal(PacketProtection p, byte[] plaintext, long now) {
        long pn = p.beginPacket(now);
        ByteBuf b = Unpooled.buffer(ShortHeader.LENGTH + plaintext.length + 16);
        try {
            PacketCodec.writeShortHeader(b, p.sendKeyPhase(), cid, pn);
            b.writeBytes(plaintext);
            b.writeZero(16);
            p.seal(pn, b, 0, ShortHeader.LENGTH, plaintext.length);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    /** Opens (a copy of) {@code packet}; the plaintext of a success is returned through {@link #lastPlaintext}. */
    OpenStatus open(PacketProtection p, byte[] packet, long now) {
        ByteBuf b = Unpooled.wrappedBuffer(packet.clone());
        try {
            ShortHeader h = PacketCodec.readShortHeader(b);
            OpenStatus st = p.open(h.keyPhase(), h.packetNumber(), b, 0, ShortHeader.LENGTH,
                    packet.length - ShortHeader.LENGTH, now);
            if (st == OpenStatus.OK) {
                lastPlaintext = new byte[p.lastPlaintextLength()];
                b.getBytes(ShortHeader.LENGTH, lastPlaintext);
            }
            return st;
        } finally {
            b.release();
        }
    }

    byte[] lastPlaintext;

    static byte[] flip(byte[] packet, int bit) {
        byte[] c = Arrays.copyOf(packet, packet.length);
        c[bit / 8] ^= (byte) (1 << (bit % 8));
        return c;
    }
}
