package io.jetstreamproto.core.internal.cc;

import io.jetstreamproto.core.internal.recovery.RttEstimator;

/**
 * What NewReno and CUBIC share (RFC 9002 §7): the window and bytes in flight, slow start, one reduction per recovery
 * period, the minimum window of two datagrams, and no growth while the sender does not use the window
 * (application-limited, §7.8). Subclasses decide how the window grows in congestion avoidance and how it shrinks on
 * a loss.
 */
abstract class WindowController implements CongestionController {
    final long maxDatagram;
    final long minWindow;
    long cwnd;
    long ssthresh = Long.MAX_VALUE;
    long bytesInFlight;
    long recoveryStart = Long.MIN_VALUE;
    private long maxInFlightSinceAck;

    WindowController(long maxDatagramSize, long initialWindow) {
        if (maxDatagramSize < 1 || initialWindow < 2 * maxDatagramSize) {
            throw new IllegalArgumentException("initial window must be at least two datagrams");
        }
        this.maxDatagram = maxDatagramSize;
        this.minWindow = 2 * maxDatagramSize;
        this.cwnd = initialWindow;
    }

    /** Growth beyond slow start, for {@code ackedBytes} newly acknowledged outside recovery. */
    abstract void onAvoidanceAck(long now, long ackedBytes, RttEstimator rtt);

    /** The window reduction at the start of a recovery period ({@link #recoveryStart} is already set). */
    abstract void onLoss(long now);

    /** The window has collapsed to the minimum (persistent congestion). */
    abstract void onWindowReset();

    @Override
    public final void onPacketSent(long now, long bytes) {
        bytesInFlight += bytes;
        maxInFlightSinceAck = Math.max(maxInFlightSinceAck, bytesInFlight);
    }

    final boolean inRecovery(long timeSent) {
        return recoveryStart != Long.MIN_VALUE && timeSent - recoveryStart <= 0;
    }

    @Override
    public final void onPacketsAcked(long now, long ackedBytes, long largestAckedTimeSent, RttEstimator rtt) {
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
        onAvoidanceAck(now, ackedBytes, rtt);
    }

    @Override
    public final void onCongestionEvent(long now, long lostTimeSent, long lostBytes) {
        bytesInFlight = Math.max(0, bytesInFlight - lostBytes);
        if (inRecovery(lostTimeSent)) {
            return;
        }
        recoveryStart = now;
        onLoss(now);
    }

    @Override
    public final void onPersistentCongestion(long now) {
        cwnd = minWindow;
        recoveryStart = now;
        onWindowReset();
    }

    @Override
    public final void onPacketsAbandoned(long bytes) {
        bytesInFlight = Math.max(0, bytesInFlight - bytes);
    }

    @Override
    public final long congestionWindow() {
        return cwnd;
    }

    @Override
    public final long bytesInFlight() {
        return bytesInFlight;
    }

    @Override
    public final boolean inSlowStart() {
        return cwnd < ssthresh;
    }
}
