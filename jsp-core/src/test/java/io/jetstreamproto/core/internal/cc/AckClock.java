package io.jetstreamproto.core.internal.cc;

import io.jetstreamproto.core.internal.recovery.RttEstimator;
import java.util.ArrayDeque;

/**
 * A deterministic sender in virtual time: keeps the congestion window full of {@code mss}-byte packets, and every
 * packet is acknowledged exactly one RTT after it was sent (an ideal path, no queue).
 */
final class AckClock {
    record Sent(long time, long bytes) {}

    final CongestionController cc;
    final long mss;
    final long rttNanos;
    final RttEstimator rtt;
    final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    long now;

    AckClock(CongestionController cc, long mss, long rttNanos) {
        this.cc = cc;
        this.mss = mss;
        this.rttNanos = rttNanos;
        this.rtt = new RttEstimator(rttNanos);
        this.rtt.update(rttNanos, 0, 0, true);
    }

    /** Sends while the window allows; returns the packets sent. */
    int fill() {
        int n = 0;
        while (cc.canSend(mss)) {
            send();
            n++;
        }
        return n;
    }

    void send() {
        cc.onPacketSent(now, mss);
        inFlight.add(new Sent(now, mss));
    }

    /** Advances to the next acknowledgement and delivers it (one packet per ACK); returns the packet. */
    Sent ackNext() {
        Sent p = inFlight.poll();
        now = Math.max(now, p.time() + rttNanos);
        cc.onPacketsAcked(now, p.bytes(), p.time(), rtt);
        return p;
    }

    /** The oldest packet in flight is lost: detected now. */
    Sent loseNext() {
        Sent p = inFlight.poll();
        cc.onCongestionEvent(now, p.time(), p.bytes());
        return p;
    }

    /** ACK-clocked steady sending: acknowledge one packet and refill the window, until {@code until}. */
    void runUntil(long until) {
        while (!inFlight.isEmpty() && inFlight.peek().time() + rttNanos <= until) {
            ackNext();
            fill();
        }
        now = Math.max(now, until);
    }

    double windowSegments() {
        return cc.congestionWindow() / (double) mss;
    }
}
