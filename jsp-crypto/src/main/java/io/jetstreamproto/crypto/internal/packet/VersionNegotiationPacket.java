package io.jetstreamproto.crypto.internal.packet;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Version Negotiation (docs/PROTOCOL.md §3.4): {@code 0xC0 | version 0 | dcid_len dcid | scid_len scid |
 * supported versions (4 bytes each)}. It is unauthenticated; clients act on it only as §6.3 describes.
 *
 * @param dcid     echoes the source connection id of the triggering packet
 * @param scid     echoes its destination connection id
 * @param versions the versions the server supports
 */
public record VersionNegotiationPacket(ConnectionId dcid, ConnectionId scid, List<Integer> versions) {
    /** At most this many versions are decoded. */
    public static final int MAX_VERSIONS = 32;

    public VersionNegotiationPacket {
        versions = List.copyOf(versions);
    }

    /** Whether the long header at the reader index is a Version Negotiation packet. */
    public static boolean isVersionNegotiation(ByteBuf datagram) {
        return datagram.readableBytes() >= 5 && PacketCodec.isLongHeader(datagram)
                && PacketCodec.peekVersion(datagram) == ProtocolVersion.NEGOTIATION;
    }

    /** Encoded length. */
    public int encodedLength() {
        return 1 + 4 + 1 + dcid.length() + 1 + scid.length() + 4 * versions.size();
    }

    public void encode(ByteBuf out) {
        out.writeByte(PacketCodec.FORM_BIT | PacketCodec.FIXED_BIT);
        out.writeInt(ProtocolVersion.NEGOTIATION);
        out.writeByte(dcid.length());
        dcid.writeTo(out);
        out.writeByte(scid.length());
        scid.writeTo(out);
        for (int v : versions) {
            out.writeInt(v);
        }
    }

    /** Decodes the whole readable region as a Version Negotiation packet. */
    public static VersionNegotiationPacket decode(ByteBuf in) {
        if (!isVersionNegotiation(in)) {
            throw new PacketFormatException("not a version negotiation packet");
        }
        in.skipBytes(5);
        if (!in.isReadable()) {
            throw new PacketFormatException("truncated version negotiation");
        }
        ConnectionId dcid = ConnectionId.read(in, in.readUnsignedByte());
        if (!in.isReadable()) {
            throw new PacketFormatException("truncated version negotiation");
        }
        ConnectionId scid = ConnectionId.read(in, in.readUnsignedByte());
        int remaining = in.readableBytes();
        if (remaining == 0 || remaining % 4 != 0 || remaining / 4 > MAX_VERSIONS) {
            throw new PacketFormatException("bad version list");
        }
        List<Integer> versions = new ArrayList<>(remaining / 4);
        while (in.isReadable()) {
            versions.add(in.readInt());
        }
        return new VersionNegotiationPacket(dcid, scid, versions);
    }
}
