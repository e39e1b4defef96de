package io.jetstreamproto.core.internal.endpoint;

/**
 * A token bucket for timer work: how many connections' timers an endpoint runs per call of its timeout handler
 * (see {@link DatagramEndpoint#handleTimeout}). Sans-IO: time comes from the caller.
 */
final class TimerBudget {
    /** Connections' timers run per millisecond at most, per endpoint (50,000 a second for two workers). */
    static final int PER_MILLISECOND = 25;
    /** Timers run at once at most (a burst of aligned heartbeats fits). */
    static final int BURST = 1000;
    private static final long MILLISECOND = 1_000_000L;
    /** A timer this late is an overdue one (a stall happened); timers closer to their deadline are not budgeted. */
    static final long LATE_NANOS = 20 * MILLISECOND;

    private long tokens = BURST;
    private long refilledAt;
    private boolean started;
    private long resumeNanos = Long.MIN_VALUE;

    /** The number of timers that may run now (maybe 0); what a call does not use goes back with {@link #refund}. */
    int take(long nowNanos) {
        if (!started) {
            started = true;
            refilledAt = nowNanos;
        }
        long add = (nowNanos - refilledAt) * PER_MILLISECOND / MILLISECOND;
        if (add > 0) {
            tokens = Math.min(BURST, tokens + add);
            refilledAt += add * MILLISECOND / PER_MILLISECOND; // keep the fraction of a token not yet earned
        }
        if (tokens == BURST) {
            refilledAt = nowNanos; // no credit beyond a full bucket
        }
        int n = (int) tokens; // may be 0: then due timers wait for exhausted()'s resume time, a millisecond
        tokens -= n;
        resumeNanos = Long.MIN_VALUE;
        return n;
    }

    /** The budget ran out with timers still due: they run again once a millisecond's worth has accrued. */
    void exhausted(long nowNanos) {
        resumeNanos = nowNanos + MILLISECOND;
    }

    /** Gives back what a call did not use. */
    void refund(int unused) {
        tokens = Math.min(BURST, tokens + Math.max(0, unused));
    }

    /** Not before this time may due timers run again (Long.MIN_VALUE: no wait). */
    long resumeNanos() {
        return resumeNanos;
    }
}
