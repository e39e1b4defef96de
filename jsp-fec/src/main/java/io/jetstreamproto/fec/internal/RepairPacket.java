package io.jetstreamproto.fec.internal;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One repair shard produced by {@link FecEncoder}: its header and its parity bytes.
 *
 * <p>The holder owns {@link #parity()} and must call {@link #release()} exactly once, after sending it (for
 * example after {@link #writeTo} has copied it into a datagram) or when discarding it.
 */
public final class RepairPacket {
    private final FecRepairHeader header;
    private final ByteBuf parity;

    RepairPacket(FecRepairHeader header, ByteBuf parity) {
        this.header = Objects.requireNonNull(header, "header");
        this.parity = Objects.requireNonNull(parity, "parity");
    }

    /**
     * The header describing the group and this shard's index in it.
     *
     * @return the header
     */
    public FecRepairHeader header() {
        return header;
    }

    /**
     * The parity bytes, exactly {@code header().shardLength()} readable bytes. Owned by the holder of this
     * packet; release it with {@link #release()}.
     *
     * @return the parity buffer
     */
    public ByteBuf parity() {
        return parity;
    }

    /**
     * Size of the encoded repair payload: the 13-byte header plus the parity bytes.
     *
     * @return {@code 13 + shardLength}
     */
    public int encodedLength() {
        return FecRepairHeader.HEADER_LENGTH + header.shardLength();
    }

    /**
     * Writes the repair payload (header, then parity) at {@code out}'s writer index. The parity buffer's
     * indices are not changed, so this may be called again (for example to build a second datagram).
     *
     * @param out the destination
     */
    public void writeTo(ByteBuf out) {
        out.ensureWritable(encodedLength());
        header.encode(out);
        out.writeBytes(parity, parity.readerIndex(), parity.readableBytes());
    }

    /**
     * Releases the parity buffer.
     *
     * @return true if the buffer was deallocated
     */
    public boolean release() {
        return parity.release();
    }

    @Override
    public String toString() {
        return "RepairPacket" + header;
    }
}
