package io.jetstreamproto.core.internal.cc;

/**
 * Pacing (RFC 9002 §7.7): a token bucket filled at 1.25 · cwnd / smoothed RTT, holding at most the bytes of 2 ms at
 * that rate, clamped to between 10 datagrams (so that pacing never needs sub-millisecond timers for small bursts)
 * and 256 datagrams. Before the first RTT sample there is no pacing.
 */
public final class Pacer {
    private static final double GAIN = 1.25;
    private static final long BURST_INTERVAL_NANOS = 2_000_000L;

    private final long maxDatagram;
    private double tokens;
    private long lastUpdate = Long.MIN_VALUE;

    public Pacer(long maxDatagramSize) {
        this.maxDatagram = maxDatagramSize;
        this.tokens = 10.0 * maxDatagramSize;
    }

    private double capacity(double rateBytesPerNano) {
        double burst = rateBytesPerNano * BURST_INTERVAL_NANOS;
        return Math.max(10.0 * maxDatagram, Math.min(burst, 256.0 * maxDatagram));
    }

    /** 0 when {@code bytes} may be sent now, else the delay in nanoseconds. */
    public long timeUntilSend(long now, long bytes, long cwnd, long smoothedRttNanos) {
        if (smoothedRttNanos <= 0) {
            return 0;
        }
        double rate = GAIN * cwnd / smoothedRttNanos; // bytes per nanosecond
        double cap = capacity(rate);
        if (lastUpdate != Long.MIN_VALUE && now > lastUpdate) {
            tokens = Math.min(cap, tokens + (now - lastUpdate) * rate);
        }
        lastUpdate = now;
        tokens = Math.min(tokens, cap);
        if (tokens >= bytes) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((bytes - tokens) / rate));
    }

    public void onPacketSent(long now, long bytes) {
        tokens -= bytes;
        if (lastUpdate == Long.MIN_VALUE) {
            lastUpdate = now;
        }
    }
}
