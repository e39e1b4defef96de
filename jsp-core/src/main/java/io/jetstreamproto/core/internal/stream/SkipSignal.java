package io.jetstreamproto.core.internal.stream;

/**
 * The content of a STREAM_SKIP frame (docs/PROTOCOL.md §8.4): every message with id below {@code messageId}
 * that the receiver has not completely received is abandoned, and the stream bytes below {@code offset}
 * (exactly the message_offset of message {@code messageId}) count as consumed.
 *
 * @param streamId  the stream
 * @param messageId the first message that is not abandoned
 * @param offset    the message_offset of message {@code messageId}
 */
public record SkipSignal(long streamId, long messageId, long offset) {
}
