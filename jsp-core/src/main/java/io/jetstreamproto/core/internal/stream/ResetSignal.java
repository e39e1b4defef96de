package io.jetstreamproto.core.internal.stream;

/**
 * The content of a RESET_STREAM frame: the sending direction of the stream is abandoned.
 *
 * @param streamId    the stream
 * @param errorCode   the application's error code
 * @param finalOffset the highest stream offset the sender reserved flow-control credit for; the receiver
 *                    counts it as received and consumed
 */
public record ResetSignal(long streamId, long errorCode, long finalOffset) {
}
