package io.jetstreamproto.core.internal.cc;

import io.jetstreamproto.core.internal.recovery.RttEstimator;

/**
 * A congestion controller (RFC 9002 §7 shape). It owns the bytes-in-flight accounting: sent packets add, acknowledged,
 * lost and abandoned ones subtract. The engine never sends an ack-eliciting packet that {@link #canSend} refuses,
 * except probes. Not thread-safe.
 */
public interface CongestionController {
    void onPacketSent(long nowNanos, long bytes);

    /** Once per ACK: the in-flight bytes it newly acknowledged and the send time of the newest of those packets. */
    void onPacketsAcked(long nowNanos, long ackedBytes, long largestAckedTimeSentNanos, RttEstimator rtt);

    /** Packets were lost; reacts at most once per recovery period (a loss of a packet sent before it began is ignored). */
    void onCongestionEvent(long nowNanos, long lostPacketTimeSentNanos, long lostBytes);

    /** Persistent congestion: the window collapses to the minimum. */
    void onPersistentCongestion(long nowNanos);

    /** Bytes that left flight without being acknowledged or lost. */
    void onPacketsAbandoned(long bytes);

    long congestionWindow();

    long bytesInFlight();

    /** Whether {@code bytes} more may be sent without exceeding the window. */
    default boolean canSend(long bytes) {
        return bytesInFlight() + bytes <= congestionWindow();
    }

    boolean inSlowStart();

    String name();

    CongestionSnapshot snapshot();
}
