package io.jetstreamproto.core.internal.frame;

import io.netty.buffer.ByteBuf;

/**
 * Receives the frames of a payload from {@link FrameDecoder#decodeAll(ByteBuf, FrameSink, AckFrame)}: STREAM and ACK,
 * the frames of every bulk packet, without a record or a slice each; everything else as a {@link Frame}.
 */
public interface FrameSink {
    /**
     * A STREAM frame, checked as the decoder checks every STREAM frame. Its data is {@code packet[dataIndex,
     * dataIndex + length)}, valid during this call only: copy what is needed, keep no reference, release nothing.
     */
    void stream(long streamId, long messageId, long messageOffset, long messageLength, long fragmentOffset,
            ByteBuf packet, int dataIndex, int length, boolean compressed);

    /** An ACK frame, decoded into the caller's reusable frame: valid during this call only. */
    void ack(AckFrame ack);

    /** Any other frame; ownership as for {@link FrameDecoder#decodeAll(ByteBuf, java.util.function.Consumer)}. */
    void frame(Frame f);
}
