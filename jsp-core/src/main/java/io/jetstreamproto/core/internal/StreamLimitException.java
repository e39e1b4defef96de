package io.jetstreamproto.core.internal;

/**
 * The application tried to open more streams than the peer allows (its MAX_STREAMS limit,
 * docs/PROTOCOL.md §8.1 and §8.9).
 */
public final class StreamLimitException extends RuntimeException {
    private final long limit;

    /** @param limit the cumulative number of streams the peer currently allows this endpoint to open */
    public StreamLimitException(long limit) {
        super("stream limit reached: the peer allows " + limit + " streams");
        this.limit = limit;
    }

    /** The cumulative number of streams the peer currently allows. */
    public long limit() {
        return limit;
    }
}
