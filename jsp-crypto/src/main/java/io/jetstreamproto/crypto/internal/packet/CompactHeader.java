package io.jetstreamproto.crypto.internal.packet;

import io.netty.buffer.ByteBuf;

/**
 * The compact 1-RTT header (docs/PROTOCOL.md §3.6), used instead of the 17-byte short header once both endpoints
 * negotiated header compression:
 *
 * <pre>
 * flags(1) = 0 1 1 C K 0 L L     C: a 4-byte connection-id prefix follows; K: key phase; LL: packet-number length - 1
 * [cid_prefix(4)]                the first 4 bytes of the destination connection id (packets to the server)
 * pn(1..4)                       the low bytes of the packet number, big-endian (RFC 9000 §17.1 style)
 * </pre>
 *
 * The full packet number is recovered as RFC 9000 Appendix A.3 describes, from the largest packet number received so
 * far. The header bytes as sent are the AEAD's associated data, and the nonce uses the full packet number, so a
 * truncated number decoded wrongly (a very late packet) fails authentication rather than being misread.
 */
public final class CompactHeader {
    /** Flag bit that tells a compact header from the 17-byte short header (reserved there, so must be 0). */
    public static final int COMPACT_BIT = 0x20;
    /** Flag bit: a connection-id prefix follows the flags. */
    public static final int CID_BIT = 0x10;
    /** Bytes of the connection-id prefix. */
    public static final int CID_PREFIX_LENGTH = 4;
    private static final int RESERVED = 0x08;

    private CompactHeader() {}

    /** Whether the packet at the reader index has a compact header. */
    public static boolean isCompact(ByteBuf datagram) {
        int first = datagram.getUnsignedByte(datagram.readerIndex());
        return (first & PacketCodec.FORM_BIT) == 0 && (first & COMPACT_BIT) != 0;
    }

    /**
     * Bytes needed to send {@code packetNumber} when the peer has acknowledged up to {@code largestAcked} (-1 for
     * none): enough to represent twice the distance (RFC 9000 A.2). 0 when even 4 bytes are not enough (then the
     * long form must be used).
     */
    public static int packetNumberLength(long packetNumber, long largestAcked) {
        long unacked = largestAcked < 0 ? packetNumber + 1 : packetNumber - largestAcked;
        long range = 2 * unacked + 1;
        for (int n = 1; n <= 4; n++) {
            if (range < (1L << (8 * n))) {
                return n;
            }
        }
        return 0;
    }

    /** Writes a compact header (with the connection-id prefix for packets to a server). Returns its length. */
    public static int write(ByteBuf out, boolean keyPhase, ConnectionId dcid, boolean withCid, long packetNumber,
            int pnLength) {
        if (pnLength < 1 || pnLength > 4) {
            throw new IllegalArgumentException("packet number length must be 1..4: " + pnLength);
        }
        out.writeByte(PacketCodec.FIXED_BIT | COMPACT_BIT | (withCid ? CID_BIT : 0)
                | (keyPhase ? PacketCodec.KEY_PHASE_BIT : 0) | (pnLength - 1));
        if (withCid) {
            out.writeBytes(dcid.toBytes(), 0, CID_PREFIX_LENGTH);
        }
        for (int i = pnLength - 1; i >= 0; i--) {
            out.writeByte((int) (packetNumber >>> (8 * i)));
        }
        return 1 + (withCid ? CID_PREFIX_LENGTH : 0) + pnLength;
    }

    /** The connection-id prefix of a compact header at the reader index (not consumed), or -1 if it has none. */
    public static long peekCidPrefix(ByteBuf datagram) {
        int idx = datagram.readerIndex();
        if (datagram.readableBytes() < 1 + CID_PREFIX_LENGTH
                || (datagram.getUnsignedByte(idx) & CID_BIT) == 0) {
            return -1;
        }
        return datagram.getUnsignedInt(idx + 1);
    }

    /** The prefix of a connection id, as {@link #peekCidPrefix} reports it. */
    public static long prefixOf(ConnectionId cid) {
        byte[] b = cid.toBytes();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    /**
     * Decodes a compact header at the reader index and advances past it.
     *
     * @param largestReceived the largest packet number received so far, -1 if none
     * @return the header with the full packet number; its dcid is null (a prefix identifies the connection only)
     */
    public static ShortHeader read(ByteBuf in, long largestReceived) {
        int start = in.readerIndex();
        if (!in.isReadable()) {
            throw new PacketFormatException("empty packet");
        }
        int first = in.readUnsignedByte();
        if ((first & PacketCodec.FORM_BIT) != 0 || (first & PacketCodec.FIXED_BIT) == 0
                || (first & COMPACT_BIT) == 0) {
            throw new PacketFormatException("not a compact header");
        }
        if ((first & RESERVED) != 0) {
            throw new PacketFormatException("reserved header bit set");
        }
        int pnLength = (first & 0x03) + 1;
        int cid = (first & CID_BIT) != 0 ? CID_PREFIX_LENGTH : 0;
        if (in.readableBytes() < cid + pnLength) {
            throw new PacketFormatException("truncated compact header");
        }
        in.skipBytes(cid);
        long truncated = 0;
        for (int i = 0; i < pnLength; i++) {
            truncated = (truncated << 8) | in.readUnsignedByte();
        }
        long pn = decodePacketNumber(largestReceived, truncated, pnLength * 8);
        if (pn < 0 || pn > Varint.MAX_VALUE) {
            throw new PacketFormatException("packet number out of range");
        }
        return new ShortHeader((first & PacketCodec.KEY_PHASE_BIT) != 0, null, pn, start);
    }

    /** RFC 9000 Appendix A.3. */
    static long decodePacketNumber(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long window = 1L << bits;
        long halfWindow = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }
}
