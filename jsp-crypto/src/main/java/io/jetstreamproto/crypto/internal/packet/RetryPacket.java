package io.jetstreamproto.crypto.internal.packet;

import io.netty.buffer.ByteBuf;

/**
 * A Retry packet (docs/PROTOCOL.md §3.5): {@code 0xE0 | version | dcid_len dcid | scid_len scid |
 * token_len(varint) token | integrity tag(16)}. The tag binds the Retry to the client's original destination
 * connection id; see {@code io.jetstreamproto.crypto.internal.token.RetryIntegrity}.
 *
 * @param version the version of the client's Initial
 * @param dcid    the client's source connection id
 * @param scid    the server-chosen id the client must use as destination from now on
 * @param token   the address-validation token to echo in the next Initial packets
 * @param tag     16-byte integrity tag
 */
public record RetryPacket(int version, ConnectionId dcid, ConnectionId scid, byte[] token, byte[] tag) {
    /** Length of the integrity tag. */
    public static final int TAG_LENGTH = 16;
    /** First byte of every Retry packet. */
    public static final int FIRST_BYTE = PacketCodec.FORM_BIT | PacketCodec.FIXED_BIT | (2 << 4);

    /** Encodes the packet without its tag: the input of the integrity tag. */
    public static void encodeWithoutTag(ByteBuf out, int version, ConnectionId dcid, ConnectionId scid, byte[] token) {
        if (token.length == 0 || token.length > PacketCodec.MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("retry token length " + token.length);
        }
        out.writeByte(FIRST_BYTE);
        out.writeInt(version);
        out.writeByte(dcid.length());
        dcid.writeTo(out);
        out.writeByte(scid.length());
        scid.writeTo(out);
        Varint.write(out, token.length);
        out.writeBytes(token);
    }

    public void encode(ByteBuf out) {
        encodeWithoutTag(out, version, dcid, scid, token);
        out.writeBytes(tag);
    }

    /** Whether the long header at the reader index is a Retry packet. */
    public static boolean isRetry(ByteBuf datagram) {
        return datagram.readableBytes() >= 5 && PacketCodec.isLongHeader(datagram)
                && PacketCodec.peekVersion(datagram) != ProtocolVersion.NEGOTIATION
                && (datagram.getUnsignedByte(datagram.readerIndex()) & 0xF0) == FIRST_BYTE;
    }

    /** Decodes the whole readable region as a Retry packet (a Retry is never coalesced). */
    public static RetryPacket decode(ByteBuf in) {
        if (!isRetry(in) || (in.getUnsignedByte(in.readerIndex()) & 0x0F) != 0) {
            throw new PacketFormatException("not a retry packet");
        }
        in.skipBytes(1);
        int version = in.readInt();
        if (!in.isReadable()) {
            throw new PacketFormatException("truncated retry");
        }
        ConnectionId dcid = ConnectionId.read(in, in.readUnsignedByte());
        if (!in.isReadable()) {
            throw new PacketFormatException("truncated retry");
        }
        ConnectionId scid = ConnectionId.read(in, in.readUnsignedByte());
        int tokenLength = Varint.readLength(in, PacketCodec.MAX_TOKEN_LENGTH, "retry token");
        if (tokenLength == 0 || in.readableBytes() != tokenLength + TAG_LENGTH) {
            throw new PacketFormatException("bad retry token or tag length");
        }
        byte[] token = new byte[tokenLength];
        in.readBytes(token);
        byte[] tag = new byte[TAG_LENGTH];
        in.readBytes(tag);
        return new RetryPacket(version, dcid, scid, token, tag);
    }
}
