package io.jetstreamproto.core.internal.frame;

import io.netty.buffer.ByteBuf;

/** A 1-RTT frame (docs/PROTOCOL.md §8). Immutable, except that a STREAM frame's data buffer has an owner. */
public sealed interface Frame permits AckFrame, Frames.Padding, Frames.Ping, Frames.ResetStream, Frames.StopSending,
        Frames.StreamFrame, Frames.MaxData, Frames.MaxStreamData, Frames.MaxStreams, Frames.DataBlocked,
        Frames.StreamDataBlocked, Frames.StreamsBlocked, Frames.StreamSkip, Frames.StreamClose, Frames.Heartbeat,
        Frames.HeartbeatAck, Frames.ConnectionClose, Frames.Rehandshake, Frames.Repair, Frames.LossReport {

    FrameType type();

    /** Bytes {@link #encode} writes. */
    int encodedLength();

    /** Writes the frame; never releases anything. */
    void encode(ByteBuf out);

    /** Whether receiving this frame obliges the peer to acknowledge the packet. */
    default boolean ackEliciting() {
        return type().ackEliciting();
    }
}
