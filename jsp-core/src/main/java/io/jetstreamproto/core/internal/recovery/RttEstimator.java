package io.jetstreamproto.core.internal.recovery;

/** Round-trip time estimation exactly as RFC 9002 §5 (all times in nanoseconds). */
public final class RttEstimator {
    /** Timer granularity (RFC 9002 kGranularity). */
    public static final long GRANULARITY = 1_000_000L;

    private final long initialRtt;
    private long latest;
    private long smoothed;
    private long variance;
    private long min = Long.MAX_VALUE;
    private boolean hasSample;

    /** @param initialRttNanos assumed RTT before the first sample (RFC 9002: 333 ms) */
    public RttEstimator(long initialRttNanos) {
        this.initialRtt = initialRttNanos;
        this.smoothed = initialRttNanos;
        this.variance = initialRttNanos / 2;
    }

    /**
     * Adds a sample (RFC 9002 §5.3). The peer's ACK delay is subtracted only when that keeps the sample at or above
     * the minimum RTT, and is capped at {@code maxAckDelayNanos} once the handshake is confirmed.
     */
    public void update(long latestRttNanos, long ackDelayNanos, long maxAckDelayNanos, boolean handshakeConfirmed) {
        latest = Math.max(latestRttNanos, 0);
        min = Math.min(min, latest);
        if (!hasSample) {
            hasSample = true;
            smoothed = latest;
            variance = latest / 2;
            return;
        }
        long delay = handshakeConfirmed ? Math.min(ackDelayNanos, maxAckDelayNanos) : ackDelayNanos;
        long adjusted = latest >= min + delay ? latest - delay : latest;
        variance = (3 * variance + Math.abs(smoothed - adjusted)) / 4;
        smoothed = (7 * smoothed + adjusted) / 8;
    }

    public boolean hasSample() {
        return hasSample;
    }

    public long latestRtt() {
        return hasSample ? latest : initialRtt;
    }

    public long smoothedRtt() {
        return smoothed;
    }

    public long rttVariance() {
        return variance;
    }

    /** Minimum RTT seen (the initial RTT before any sample). */
    public long minRtt() {
        return hasSample ? min : initialRtt;
    }

    /** The probe timeout: smoothed + max(4 * variance, granularity) + maxAckDelay (RFC 9002 §6.2.1). */
    public long pto(long maxAckDelayNanos) {
        return smoothed + Math.max(4 * variance, GRANULARITY) + maxAckDelayNanos;
    }
}
