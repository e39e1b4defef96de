package io.jetstreamproto.core.internal.stream;

/**
 * The content of a STREAM_CLOSE frame (docs/PROTOCOL.md §8.3): no message with id ≥ {@code messageCount} and
 * no byte at or beyond {@code finalOffset} will follow.
 *
 * @param streamId     the stream
 * @param messageCount the number of messages the stream carried
 * @param finalOffset  the sum of their lengths
 */
public record CloseSignal(long streamId, long messageCount, long finalOffset) {
}
