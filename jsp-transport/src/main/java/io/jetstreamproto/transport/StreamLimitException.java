package io.jetstreamproto.transport;

/** More streams than the peer allows now ({@link ConnectionConfig#maxStreams()} on its side) were opened. */
public final class StreamLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    /**
     * The peer's stream limit was reached.
     *
     * @param limit the cumulative number of streams the peer currently allows this endpoint to open
     */
    public StreamLimitException(long limit) {
        super("stream limit reached: the peer allows " + limit + " streams");
        this.limit = limit;
    }

    /**
     * The cumulative number of streams the peer currently allows.
     *
     * @return the limit
     */
    public long limit() {
        return limit;
    }
}
