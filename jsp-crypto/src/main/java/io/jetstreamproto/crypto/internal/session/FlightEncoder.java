package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketType;
import io.jetstreamproto.crypto.internal.protection.PacketKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns handshake messages into datagrams: CRYPTO frames in Initial (cleartext) and Handshake (AEAD) packets,
 * coalesced into datagrams of at most {@code maxDatagramSize} bytes. A client pads every datagram that carries an
 * Initial packet to at least {@value #MIN_INITIAL_DATAGRAM} bytes with PADDING frames inside that packet (SR-24).
 * Output datagrams are plain byte arrays so that a flight can be cached and re-sent verbatim.
 */
final class FlightEncoder {
    /** Smallest datagram allowed to carry an Initial packet from a client. */
    static final int MIN_INITIAL_DATAGRAM = 1200;
    private static final int TAG = 16;
    private static final int MIN_USEFUL_CHUNK = 32;

    /** A run of handshake bytes at one level, starting at {@code offset} in that level's stream. */
    record LevelData(PacketType level, long offset, byte[] bytes) {}

    /** Packet-number counters of the two handshake levels. */
    static final class PacketNumbers {
        long initial;
        long handshake;
    }

    private final int version;
    private final ConnectionId dcid;
    private final ConnectionId scid;
    private final byte[] token;
    private final int maxDatagramSize;
    private final boolean padInitial;
    private final PacketNumbers pns;
    private final PacketKey handshakeKey;

    FlightEncoder(int version, ConnectionId dcid, ConnectionId scid, byte[] token, int maxDatagramSize,
            boolean padInitial, PacketNumbers pns, PacketKey handshakeKey) {
        this.version = version;
        this.dcid = dcid;
        this.scid = scid;
        this.token = token == null ? new byte[0] : token;
        this.maxDatagramSize = maxDatagramSize;
        this.padInitial = padInitial;
        this.pns = pns;
        this.handshakeKey = handshakeKey;
    }

    List<byte[]> encode(List<LevelData> data) {
        List<byte[]> out = new ArrayList<>();
        ByteBuf dgram = Unpooled.buffer(maxDatagramSize);
        try {
            for (LevelData ld : data) {
                boolean initial = ld.level() == PacketType.INITIAL;
                int pos = 0;
                while (pos < ld.bytes().length) {
                    int header = PacketCodec.longHeaderLength(ld.level(), dcid, scid, initial ? token : null,
                            maxDatagramSize);
                    long offset = ld.offset() + pos;
                    int overhead = header + HandshakeFrames.cryptoFrameOverhead(offset, maxDatagramSize)
                            + (initial ? 0 : TAG);
                    int avail = maxDatagramSize - dgram.readableBytes() - overhead;
                    if (avail < MIN_USEFUL_CHUNK && dgram.isReadable()) {
                        out.add(drain(dgram));
                        continue;
                    }
                    if (avail <= 0) {
                        throw new IllegalStateException("datagram size too small for a handshake packet");
                    }
                    int chunk = Math.min(avail, ld.bytes().length - pos);
                    int frames = HandshakeFrames.cryptoFrameOverhead(offset, chunk) + chunk;
                    int padding = 0;
                    if (initial && padInitial) {
                        int headerNow = PacketCodec.longHeaderLength(ld.level(), dcid, scid, token, frames);
                        padding = Math.max(0, MIN_INITIAL_DATAGRAM - dgram.readableBytes() - headerNow - frames);
                    }
                    writePacket(dgram, ld.level(), offset, ld.bytes(), pos, chunk, padding);
                    pos += chunk;
                    if (initial && padInitial) {
                        out.add(drain(dgram)); // one padded Initial per client datagram
                    }
                }
            }
            if (dgram.isReadable()) {
                out.add(drain(dgram));
            }
            return out;
        } finally {
            dgram.release();
        }
    }

    private void writePacket(ByteBuf dgram, PacketType level, long offset, byte[] data, int from, int length,
            int padding) {
        int frames = HandshakeFrames.cryptoFrameOverhead(offset, length) + length + padding;
        boolean initial = level == PacketType.INITIAL;
        int payloadLength = frames + (initial ? 0 : TAG);
        long pn = initial ? pns.initial++ : pns.handshake++;
        int headerStart = dgram.writerIndex();
        PacketCodec.writeLongHeader(dgram, level, version, dcid, scid, initial ? token : null, payloadLength, pn);
        int payloadStart = dgram.writerIndex();
        HandshakeFrames.writeCrypto(dgram, offset, data, from, length);
        dgram.writeZero(padding);
        if (!initial) {
            dgram.writeZero(TAG);
            handshakeKey.seal(pn, dgram, headerStart, payloadStart, frames);
        }
    }

    /** A single Handshake packet carrying the given already-encoded frames (HANDSHAKE_DONE, CONNECTION_CLOSE). */
    byte[] handshakePacket(ByteBuf frames) {
        ByteBuf dgram = Unpooled.buffer(64 + frames.readableBytes());
        try {
            int len = frames.readableBytes();
            long pn = pns.handshake++;
            int headerStart = dgram.writerIndex();
            PacketCodec.writeLongHeader(dgram, PacketType.HANDSHAKE, version, dcid, scid, null, len + TAG, pn);
            int payloadStart = dgram.writerIndex();
            dgram.writeBytes(frames, frames.readerIndex(), len);
            dgram.writeZero(TAG);
            handshakeKey.seal(pn, dgram, headerStart, payloadStart, len);
            return drain(dgram);
        } finally {
            dgram.release();
        }
    }

    private static byte[] drain(ByteBuf dgram) {
        byte[] b = new byte[dgram.readableBytes()];
        dgram.readBytes(b);
        dgram.clear();
        return b;
    }
}
