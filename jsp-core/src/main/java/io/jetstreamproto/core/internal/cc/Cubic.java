package io.jetstreamproto.core.internal.cc;

import io.jetstreamproto.core.internal.recovery.RttEstimator;

/**
 * CUBIC as RFC 9438: after a loss the window follows W(t) = C·(t − K)³ + W_max (in datagrams, t in seconds from the
 * start of the congestion-avoidance epoch) with C = 0.4 and β = 0.7, never below the Reno-friendly estimate W_est,
 * with fast convergence; slow start and recovery periods as NewReno (no HyStart).
 */
public final class Cubic extends WindowController {
    static final double C = 0.4;
    static final double BETA = 0.7;
    private static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    private double wMax;
    private double k;
    private long epochStart = Long.MIN_VALUE;
    private double wEst;

    public Cubic(long maxDatagramSize, long initialWindow) {
        super(maxDatagramSize, initialWindow);
    }

    /** W_cubic(t) in datagrams. */
    double wCubic(double seconds) {
        double d = seconds - k;
        return C * d * d * d + wMax;
    }

    @Override
    void onAvoidanceAck(long now, long ackedBytes, RttEstimator rtt) {
        double segments = cwnd / (double) maxDatagram;
        if (epochStart == Long.MIN_VALUE) {
            epochStart = now;
            if (wMax < segments) {
                wMax = segments; // no loss yet (or the window already passed W_max): start at the plateau
                k = 0;
            }
            wEst = segments;
        }
        double t = (now - epochStart) / 1e9;
        double ackedSegments = ackedBytes / (double) maxDatagram;
        wEst += ALPHA * ackedSegments / segments;
        double rttSeconds = rtt.smoothedRtt() / 1e9;
        double target = wCubic(t + rttSeconds);
        double next;
        if (wCubic(t) < wEst) {
            next = wEst; // Reno-friendly region
        } else {
            target = Math.max(segments, Math.min(target, 1.5 * segments));
            next = segments + (target - segments) * ackedSegments / segments;
        }
        cwnd = Math.max(minWindow, (long) (next * maxDatagram));
    }

    @Override
    void onLoss(long now) {
        double segments = cwnd / (double) maxDatagram;
        wMax = segments < wMax ? segments * (1 + BETA) / 2 : segments; // fast convergence
        ssthresh = Math.max((long) (cwnd * BETA), minWindow);
        cwnd = ssthresh;
        // RFC 9438 §4.2: K = cbrt((W_max - cwnd_epoch) / C), so that W_cubic(0) is the reduced window (with fast
        // convergence W_max is below the pre-loss window, and W_max * (1 - BETA) would start the curve too low)
        k = Math.cbrt(Math.max(0, wMax - cwnd / (double) maxDatagram) / C);
        epochStart = Long.MIN_VALUE;
    }

    @Override
    void onWindowReset() {
        epochStart = Long.MIN_VALUE;
    }

    @Override
    public String name() {
        return "CUBIC";
    }

    double k() {
        return k;
    }

    double wMax() {
        return wMax;
    }

    @Override
    public CongestionSnapshot snapshot() {
        return new CongestionSnapshot(cwnd, ssthresh, bytesInFlight, inSlowStart() ? "slow-start" : "cubic");
    }
}
