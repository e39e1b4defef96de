package io.jetstreamproto.crypto.internal.packet;

import io.netty.buffer.ByteBuf;

/**
 * Encodes and decodes packet headers (docs/PROTOCOL.md §3). Decoders validate every length before reading
 * and throw {@link PacketFormatException} for anything malformed; they never allocate more than the
 * (bounded) fields they return.
 *
 * <pre>
 * long header:  1 1 T T 0 0 0 0 | version(4) | dcid_len(1) dcid | scid_len(1) scid
 *               | [Initial: token_len(varint) token] | length(varint) | packet number(8) | payload
 * short header: 0 1 0 0 0 K 0 0 | dcid(8) | packet number(8) | payload
 * </pre>
 */
public final class PacketCodec {
    /** Header-form bit: set for long headers. */
    public static final int FORM_BIT = 0x80;
    /** Fixed bit: always set; packets without it are not JSP packets (this leaves room for STUN demultiplexing). */
    public static final int FIXED_BIT = 0x40;
    /** Key-phase bit of the short header. */
    public static final int KEY_PHASE_BIT = 0x04;
    /** Longest token accepted in an Initial or Retry packet. */
    public static final int MAX_TOKEN_LENGTH = 255;
    /** Bits of the short-header flags byte that v1 reserves; they must be zero. */
    public static final int SHORT_RESERVED_BITS = 0x3B;

    private PacketCodec() {}

    /** Whether the first byte at the reader index announces a long header. */
    public static boolean isLongHeader(ByteBuf datagram) {
        return (datagram.getUnsignedByte(datagram.readerIndex()) & FORM_BIT) != 0;
    }

    /** Whether the first byte at {@code index} carries the fixed bit that every JSP packet sets. */
    public static boolean hasFixedBit(ByteBuf datagram, int index) {
        return (datagram.getUnsignedByte(index) & FIXED_BIT) != 0;
    }

    /**
     * Writes a long header for an Initial or Handshake packet, including the length field and packet number.
     *
     * @param payloadLength bytes that will follow the packet number (frames plus AEAD tag where there is one)
     * @return the number of header bytes written
     */
    public static int writeLongHeader(ByteBuf out, PacketType type, int version, ConnectionId dcid,
            ConnectionId scid, byte[] token, int payloadLength, long packetNumber) {
        if (type != PacketType.INITIAL && type != PacketType.HANDSHAKE) {
            throw new IllegalArgumentException("not a long-header packet with a payload: " + type);
        }
        int start = out.writerIndex();
        out.writeByte(FORM_BIT | FIXED_BIT | (type.longTypeBits() << 4));
        out.writeInt(version);
        out.writeByte(dcid.length());
        dcid.writeTo(out);
        out.writeByte(scid.length());
        scid.writeTo(out);
        if (type == PacketType.INITIAL) {
            byte[] t = token == null ? new byte[0] : token;
            if (t.length > MAX_TOKEN_LENGTH) {
                throw new IllegalArgumentException("token too long");
            }
            Varint.write(out, t.length);
            out.writeBytes(t);
        }
        Varint.write(out, 8L + payloadLength);
        out.writeLong(packetNumber);
        return out.writerIndex() - start;
    }

    /** Header length {@link #writeLongHeader} will produce. */
    public static int longHeaderLength(PacketType type, ConnectionId dcid, ConnectionId scid, byte[] token,
            int payloadLength) {
        int n = 1 + 4 + 1 + dcid.length() + 1 + scid.length();
        if (type == PacketType.INITIAL) {
            int t = token == null ? 0 : token.length;
            n += Varint.encodedLength(t) + t;
        }
        return n + Varint.encodedLength(8L + payloadLength) + 8;
    }

    /**
     * Reads the version of the long header at the reader index without consuming anything.
     *
     * @throws PacketFormatException if fewer than 5 bytes remain
     */
    public static int peekVersion(ByteBuf datagram) {
        if (datagram.readableBytes() < 5) {
            throw new PacketFormatException("truncated long header");
        }
        return datagram.getInt(datagram.readerIndex() + 1);
    }

    /** The long packet type at the reader index (the version must not be 0). */
    public static PacketType peekLongType(ByteBuf datagram) {
        return PacketType.fromLongTypeBits((datagram.getUnsignedByte(datagram.readerIndex()) >>> 4) & 0x3);
    }

    /**
     * Decodes the long header of an Initial or Handshake packet at the reader index and advances the
     * reader index past the packet number. The payload is {@code [payloadStart, packetEnd)}.
     */
    public static LongHeader readLongHeader(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 7) {
            throw new PacketFormatException("truncated long header");
        }
        int first = in.readUnsignedByte();
        if ((first & FORM_BIT) == 0 || (first & FIXED_BIT) == 0) {
            throw new PacketFormatException("not a long header");
        }
        if ((first & 0x0F) != 0) {
            throw new PacketFormatException("reserved header bits set");
        }
        PacketType type = PacketType.fromLongTypeBits((first >>> 4) & 0x3);
        if (type == PacketType.RETRY) {
            throw new PacketFormatException("Retry packets are decoded by RetryPacket");
        }
        int version = in.readInt();
        if (version == ProtocolVersion.NEGOTIATION) {
            throw new PacketFormatException("version negotiation packet");
        }
        ConnectionId dcid = ConnectionId.read(in, in.readUnsignedByte());
        if (!in.isReadable()) {
            throw new PacketFormatException("truncated long header");
        }
        ConnectionId scid = ConnectionId.read(in, in.readUnsignedByte());
        byte[] token = new byte[0];
        if (type == PacketType.INITIAL) {
            int tokenLength = Varint.readLength(in, MAX_TOKEN_LENGTH, "token");
            if (in.readableBytes() < tokenLength) {
                throw new PacketFormatException("truncated token");
            }
            token = new byte[tokenLength];
            in.readBytes(token);
        }
        long length = Varint.read(in);
        if (length < 8 || length > in.readableBytes()) {
            throw new PacketFormatException("bad packet length " + length);
        }
        long pn = in.readLong();
        if (pn < 0 || pn > Varint.MAX_VALUE) {
            throw new PacketFormatException("packet number out of range");
        }
        int headerLength = in.readerIndex() - start;
        return new LongHeader(type, version, dcid, scid, token, pn, start, headerLength, (int) length - 8);
    }

    /** Writes a short header and returns its length ({@link ShortHeader#LENGTH}). */
    public static int writeShortHeader(ByteBuf out, boolean keyPhase, ConnectionId dcid, long packetNumber) {
        if (dcid.length() != ConnectionId.LENGTH) {
            throw new IllegalArgumentException("short headers carry " + ConnectionId.LENGTH + "-byte connection ids");
        }
        out.writeByte(FIXED_BIT | (keyPhase ? KEY_PHASE_BIT : 0));
        dcid.writeTo(out);
        out.writeLong(packetNumber);
        return ShortHeader.LENGTH;
    }

    /** Decodes a short header at the reader index and advances past it. */
    public static ShortHeader readShortHeader(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < ShortHeader.LENGTH) {
            throw new PacketFormatException("truncated short header");
        }
        int first = in.readUnsignedByte();
        if ((first & FORM_BIT) != 0 || (first & FIXED_BIT) == 0) {
            throw new PacketFormatException("not a short header");
        }
        if ((first & SHORT_RESERVED_BITS) != 0) {
            throw new PacketFormatException("reserved header bits set");
        }
        ConnectionId dcid = ConnectionId.read(in, ConnectionId.LENGTH);
        long pn = in.readLong();
        if (pn < 0 || pn > Varint.MAX_VALUE) {
            throw new PacketFormatException("packet number out of range");
        }
        return new ShortHeader((first & KEY_PHASE_BIT) != 0, dcid, pn, start);
    }

    /**
     * The destination connection id of the packet at the reader index, for demultiplexing; does not consume.
     * Long headers give their explicit DCID, short headers the {@link ConnectionId#LENGTH} bytes after the flags.
     */
    public static ConnectionId peekDestinationConnectionId(ByteBuf datagram) {
        int idx = datagram.readerIndex();
        if (datagram.readableBytes() < 1) {
            throw new PacketFormatException("empty datagram");
        }
        if ((datagram.getUnsignedByte(idx) & FORM_BIT) == 0) {
            if (datagram.readableBytes() < 1 + ConnectionId.LENGTH) {
                throw new PacketFormatException("truncated short header");
            }
            byte[] b = new byte[ConnectionId.LENGTH];
            datagram.getBytes(idx + 1, b);
            return ConnectionId.of(b);
        }
        if (datagram.readableBytes() < 6) {
            throw new PacketFormatException("truncated long header");
        }
        int len = datagram.getUnsignedByte(idx + 5);
        if (len > ConnectionId.MAX_LENGTH || datagram.readableBytes() < 6 + len) {
            throw new PacketFormatException("bad destination connection id");
        }
        byte[] b = new byte[len];
        datagram.getBytes(idx + 6, b);
        return ConnectionId.of(b);
    }
}
