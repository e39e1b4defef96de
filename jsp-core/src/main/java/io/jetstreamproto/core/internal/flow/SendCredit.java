package io.jetstreamproto.core.internal.flow;

/**
 * The connection-level send credit: the peer's MAX_DATA limit and the bytes this endpoint has committed
 * against it (docs/PROTOCOL.md §8.5).
 *
 * <p>"Committed" is the sum over all streams of the highest stream offset this endpoint has reserved. Streams
 * reserve a whole message when they start sending it, so a started message can always be completed; the peer
 * counts the same offsets, so as long as {@link #committed()} never exceeds {@link #limit()} the peer never
 * sees a flow-control violation. One instance per connection, shared by its send streams.
 *
 * <p>When a stream cannot start a message for lack of connection credit it calls {@link #markBlocked()}, and
 * the engine sends DATA_BLOCKED with the value from {@link #pollDataBlocked()}, once per limit.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class SendCredit {
    private long limit;
    private long committed;
    /** The limit at which a commit was last refused, or -1. */
    private long blockedAtLimit = -1;
    /** The limit last handed out by {@link #pollDataBlocked()}, or -1. */
    private long reportedBlockedLimit = -1;

    /**
     * @param initialMaxData the peer's initial_max_data transport parameter
     *                       ({@link FlowControlDefaults#INITIAL_MAX_DATA} when absent)
     */
    public SendCredit(long initialMaxData) {
        if (initialMaxData < 0) {
            throw new IllegalArgumentException("initial max data must be non-negative, got " + initialMaxData);
        }
        this.limit = initialMaxData;
    }

    /** The peer's current MAX_DATA limit. */
    public long limit() {
        return limit;
    }

    /** Bytes committed so far over all streams. */
    public long committed() {
        return committed;
    }

    /** Bytes that can still be committed under the current limit. */
    public long available() {
        return limit - committed;
    }

    /** Whether {@code bytes} more can be committed under the current limit. */
    public boolean canCommit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be non-negative, got " + bytes);
        }
        return bytes <= limit - committed;
    }

    /**
     * Reserves {@code bytes} of credit.
     *
     * @throws IllegalStateException if that would exceed the limit (check {@link #canCommit} first)
     */
    public void commit(long bytes) {
        if (!canCommit(bytes)) {
            throw new IllegalStateException("committing " + bytes + " bytes would exceed MAX_DATA " + limit
                    + " (committed " + committed + ")");
        }
        committed += bytes;
    }

    /** Applies a MAX_DATA frame from the peer. A smaller value than the current one is ignored (§8.5). */
    public void onMaxData(long maxData) {
        if (maxData > limit) {
            limit = maxData;
        }
    }

    /** Records that a stream wanted to commit more than is available under the current limit. */
    public void markBlocked() {
        blockedAtLimit = limit;
    }

    /** Whether a stream is waiting for more connection credit than the current limit gives. */
    public boolean blocked() {
        return blockedAtLimit == limit;
    }

    /** Whether {@link #pollDataBlocked()} would return a limit (without consuming it). */
    public boolean dataBlockedDue() {
        return blocked() && reportedBlockedLimit != limit;
    }

    /**
     * The limit to report in a DATA_BLOCKED frame, or -1 if none is due. Each limit is reported once;
     * see {@link #onDataBlockedLost(long)}.
     */
    public long pollDataBlocked() {
        if (!blocked() || reportedBlockedLimit == limit) {
            return -1;
        }
        reportedBlockedLimit = limit;
        return limit;
    }

    /**
     * The packet carrying DATA_BLOCKED({@code reportedLimit}) was lost: report it again if the connection is
     * still blocked at that limit.
     */
    public void onDataBlockedLost(long reportedLimit) {
        if (reportedLimit == reportedBlockedLimit) {
            reportedBlockedLimit = -1;
        }
    }
}
