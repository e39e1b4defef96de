package io.jetstreamproto.core.internal.frame;

/**
 * Ranges of an ACK to encode, largest first ({smallest, largest} pairs, descending, disjoint and not adjacent): lets
 * a sender encode an ACK from its own structure ({@link AckFrame#encode(io.netty.buffer.ByteBuf, long,
 * AckRangeSource)}) without building a frame.
 */
public interface AckRangeSource {
    int rangeCount();

    long smallest(int i);

    long largest(int i);
}
