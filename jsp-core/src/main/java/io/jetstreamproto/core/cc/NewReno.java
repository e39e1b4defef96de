package io.jetstreamproto.core.cc;

import io.jetstreamproto.core.recovery.RttEstimator;

/**
 * NewReno as RFC 9002 §7 and Appendix B: slow start (the window grows by the bytes acknowledged), congestion
 * avoidance (one maximum datagram per window of acknowledged bytes), one multiplicative decrease (by half) per
 * recovery period, minimum window of two datagrams. The window does not grow while the sender does not use it
 * (application-limited, RFC 9002 §7.8).
 */
public final class NewReno implements CongestionController {
    private final long maxDatagram;
    private final long minWindow;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE;
    private long bytesInFlight;
    private long recoveryStart = Long.MIN_VALUE;
    private long ackedInAvoidance;
    private long maxInFlightSinceAck;

    public NewReno(long maxDatagramSize, long initialWindow) {
        if (maxDatagramSize < 1 || initialWindow < 2 * maxDatagramSize) {
            throw new IllegalArgumentException("initial window must be at least two datagrams");
        }
        this.maxDatagram = maxDatagramSize;
        this.minWindow = 2 * maxDatagramSize;
        this.cwnd = initialWindow;
    }

    /** Initial window 10 x {@code maxDatagramSize} (12,000 bytes for 1200-byte datagrams). */
    public static NewReno withDefaults(long maxDatagramSize) {
        return new NewReno(maxDatagramSize, 10 * maxDatagramSize);
    }

    @Override
    public void onPacketSent(long now, long bytes) {
        bytesInFlight += bytes;
        maxInFlightSinceAck = Math.max(maxInFlightSinceAck, bytesInFlight);
    }

    boolean inRecovery(long timeSent) {
        return timeSent - recoveryStart <= 0 && recoveryStart != Long.MIN_VALUE;
    }

    @Override
    public void onPacketsAcked(long now, long ackedBytes, long largestAckedTimeSent, RttEstimator rtt) {
        bytesInFlight = Math.max(0, bytesInFlight - ackedBytes);
        boolean limited = maxInFlightSinceAck < cwnd / 2;
        maxInFlightSinceAck = bytesInFlight;
        if (inRecovery(largestAckedTimeSent) || limited) {
            return;
        }
        if (cwnd < ssthresh) {
            cwnd += ackedBytes;
            return;
        }
        ackedInAvoidance += ackedBytes;
        while (ackedInAvoidance >= cwnd) {
            ackedInAvoidance -= cwnd;
            cwnd += maxDatagram;
        }
    }

    @Override
    public void onCongestionEvent(long now, long lostTimeSent, long lostBytes) {
        bytesInFlight = Math.max(0, bytesInFlight - lostBytes);
        if (inRecovery(lostTimeSent)) {
            return;
        }
        recoveryStart = now;
        ssthresh = Math.max(cwnd / 2, minWindow);
        cwnd = ssthresh;
        ackedInAvoidance = 0;
    }

    @Override
    public void onPersistentCongestion(long now) {
        cwnd = minWindow;
        recoveryStart = now;
        ackedInAvoidance = 0;
    }

    @Override
    public void onPacketsAbandoned(long bytes) {
        bytesInFlight = Math.max(0, bytesInFlight - bytes);
    }

    @Override
    public long congestionWindow() {
        return cwnd;
    }

    @Override
    public long bytesInFlight() {
        return bytesInFlight;
    }

    @Override
    public boolean inSlowStart() {
        return cwnd < ssthresh;
    }

    @Override
    public String name() {
        return "NewReno";
    }

    @Override
    public CongestionSnapshot snapshot() {
        return new CongestionSnapshot(cwnd, ssthresh, bytesInFlight,
                inSlowStart() ? "slow-start" : recoveryStart == Long.MIN_VALUE ? "avoidance" : "avoidance/recovered");
    }
}
