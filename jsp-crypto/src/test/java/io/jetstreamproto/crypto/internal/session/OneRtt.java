package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import io.jetstreamproto.crypto.internal.protection.OpenStatus;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/** Test helper: seals and opens 1-RTT packets the way the transport does. */
final class OneRtt {
    private OneRtt() {}

    static byte[] seal(PacketProtection p, ConnectionId dcid, byte[] plaintext, long now) {
        long pn = p.beginPacket(now);
        ByteBuf b = Unpooled.buffer(ShortHeader.LENGTH + plaintext.length + 16);
        try {
            PacketCodec.writeShortHeader(b, p.sendKeyPhase(), dcid, pn);
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

    /** Result of {@link #open}: the status and, on success, the plaintext. */
    record Opened(OpenStatus status, byte[] plaintext) {}

    static Opened open(PacketProtection p, byte[] packet, long now) {
        ByteBuf b = Unpooled.wrappedBuffer(packet.clone());
        try {
            ShortHeader h = PacketCodec.readShortHeader(b);
            OpenStatus s = p.open(h.keyPhase(), h.packetNumber(), b, 0, ShortHeader.LENGTH,
                    packet.length - ShortHeader.LENGTH, now);
            byte[] pt = s == OpenStatus.OK
                    ? Arrays.copyOfRange(packet.length > 0 ? readAll(b) : new byte[0], ShortHeader.LENGTH,
                            ShortHeader.LENGTH + p.lastPlaintextLength())
                    : null;
            return new Opened(s, pt);
        } finally {
            b.release();
        }
    }

    private static byte[] readAll(ByteBuf b) {
        byte[] all = new byte[b.writerIndex()];
        b.getBytes(0, all);
        return all;
    }
}
