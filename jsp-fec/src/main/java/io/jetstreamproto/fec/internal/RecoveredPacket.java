package io.jetstreamproto.fec.internal;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A sealed packet that {@link FecDecoder} rebuilt from parity: its packet number and its bytes.
 *
 * <p>The bytes are exactly what the sender sealed if the repair shards were genuine; they are still sealed and
 * must go through AEAD open like any received packet, which rejects anything built from forged parity. The
 * holder owns {@link #packet()} and must call {@link #release()} exactly once.
 */
public final class RecoveredPacket {
    private final long pn;
    private final ByteBuf packet;

    RecoveredPacket(long pn, ByteBuf packet) {
        this.pn = pn;
        this.packet = Objects.requireNonNull(packet, "packet");
    }

    /**
     * The packet number of the recovered packet, taken from the repair header's group range.
     *
     * @return the packet number
     */
    public long pn() {
        return pn;
    }

    /**
     * The recovered sealed packet, 1..65533 readable bytes. Owned by the holder; release it with
     * {@link #release()}.
     *
     * @return the packet buffer
     */
    public ByteBuf packet() {
        return packet;
    }

    /**
     * Releases the packet buffer.
     *
     * @return true if the buffer was deallocated
     */
    public boolean release() {
        return packet.release();
    }

    @Override
    public String toString() {
        return "RecoveredPacket[pn=" + pn + ", length=" + packet.readableBytes() + "]";
    }
}
