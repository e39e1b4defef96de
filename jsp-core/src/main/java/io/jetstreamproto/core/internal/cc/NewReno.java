package io.jetstreamproto.core.internal.cc;

import io.jetstreamproto.core.internal.recovery.RttEstimator;

/**
 * NewReno as RFC 9002 §7 and Appendix B: slow start (the window grows by the bytes acknowledged), congestion
 * avoidance (one maximum datagram per window of acknowledged bytes), one multiplicative decrease (by half) per
 * recovery period, minimum window of two datagrams. The window does not grow while the sender does not use it
 * (application-limited, RFC 9002 §7.8).
 */
public final class NewReno extends WindowController {
    private long ackedInAvoidance;

    public NewReno(long maxDatagramSize, long initialWindow) {
        super(maxDatagramSize, initialWindow);
    }

    /** Initial window 10 x {@code maxDatagramSize} (12,000 bytes for 1200-byte datagrams). */
    public static NewReno withDefaults(long maxDatagramSize) {
        return new NewReno(maxDatagramSize, 10 * maxDatagramSize);
    }

    @Override
    void onAvoidanceAck(long now, long ackedBytes, RttEstimator rtt) {
        ackedInAvoidance += ackedBytes;
        while (ackedInAvoidance >= cwnd) {
            ackedInAvoidance -= cwnd;
            cwnd += maxDatagram;
        }
    }

    @Override
    void onLoss(long now) {
        ssthresh = Math.max(cwnd / 2, minWindow);
        cwnd = ssthresh;
        ackedInAvoidance = 0;
    }

    @Override
    void onWindowReset() {
        ackedInAvoidance = 0;
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
