package io.jetstreamproto.core.internal.engine;

import java.util.Arrays;

/**
 * The deadlines of one connection, one per {@link Timer}: the engine sets and clears them as its state changes, and
 * the transport arms a single timer at {@link #next()}. A fixed array, so re-arming costs nothing and the earliest
 * deadline is a scan of a dozen longs. {@link Long#MAX_VALUE} means "not armed".
 */
final class TimerTable {
    /** What a deadline is for. */
    enum Timer {
        /** Handshake retransmission and timeout, key-update and re-handshake timers of the secure session. */
        SESSION,
        /** Nothing received for the idle timeout: the connection ends silently. */
        IDLE,
        /** Nothing received for {@code heartbeatTimeoutCount} heartbeat intervals: the connection closes. */
        HEARTBEAT_TIMEOUT,
        /** Time to send the next heartbeat. */
        HEARTBEAT,
        /** Time-threshold loss detection or a probe timeout (RFC 9002 §6.2). */
        LOSS_DETECTION,
        /** The delayed ACK is due. */
        ACK,
        /** A partially reliable message expires. */
        STREAM_EXPIRY,
        /** The next periodic in-band re-handshake (client). */
        REHANDSHAKE,
        /** The pacer allows the next packet. */
        PACING,
        /** The rate limiter allows the next message. */
        RATE_LIMIT,
        /** FEC: a group's repair is due or a hold on loss detection ends. */
        FEC,
        /** The closing or draining period ends and the connection is gone. */
        CLOSE,
        /** {@code closeAfterDelivery}'s timeout: close even though data is still unacknowledged. */
        LINGER,
        /** A new peer address was not validated in time: fall back to the previous path. */
        PATH_VALIDATION
    }

    private static final Timer[] TIMERS = Timer.values();
    private final long[] deadlines = new long[TIMERS.length];

    TimerTable() {
        Arrays.fill(deadlines, Long.MAX_VALUE);
    }

    void set(Timer timer, long deadlineNanos) {
        deadlines[timer.ordinal()] = deadlineNanos;
    }

    void clear(Timer timer) {
        deadlines[timer.ordinal()] = Long.MAX_VALUE;
    }

    void clearAll() {
        Arrays.fill(deadlines, Long.MAX_VALUE);
    }

    long get(Timer timer) {
        return deadlines[timer.ordinal()];
    }

    /** Whether {@code timer} is armed and due at {@code nowNanos}. */
    boolean expired(Timer timer, long nowNanos) {
        long d = deadlines[timer.ordinal()];
        return d != Long.MAX_VALUE && d - nowNanos <= 0;
    }

    /** The earliest armed deadline, or {@link Long#MAX_VALUE}. */
    long next() {
        long t = Long.MAX_VALUE;
        for (long d : deadlines) {
            t = Math.min(t, d);
        }
        return t;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("TimerTable[");
        for (Timer t : TIMERS) {
            long d = deadlines[t.ordinal()];
            if (d != Long.MAX_VALUE) {
                b.append(t).append('=').append(d).append(' ');
            }
        }
        return b.append(']').toString();
    }
}
