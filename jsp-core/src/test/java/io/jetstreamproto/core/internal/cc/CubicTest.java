package io.jetstreamproto.core.internal.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jetstreamproto.core.internal.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

/** RFC 9438 with C = 0.4, beta = 0.7. */
class CubicTest {
    private static final long MSS = 1200;
    private static final long MS = 1_000_000L;
    private static final long RTT = 100 * MS;

    /** An ACK-clocked sender grown in slow start to {@code segments} and then hit by one loss. */
    private static AckClock afterLossAt(int segments) {
        AckClock clock = new AckClock(new Cubic(MSS, segments * MSS), MSS, RTT);
        clock.fill();
        clock.runUntil(RTT / 2);
        clock.loseNext();
        return clock;
    }

    @Test
    void initialStateAndSlowStart() {
        Cubic cc = new Cubic(MSS, 10 * MSS);
        assertThat(cc.name()).isEqualTo("CUBIC");
        assertThat(cc.inSlowStart()).isTrue();
        assertThat(cc.snapshot()).isEqualTo(new CongestionSnapshot(12_000, Long.MAX_VALUE, 0, "slow-start"));
        assertThat(CongestionAlgorithm.CUBIC.create(MSS, 10 * MSS)).isInstanceOf(Cubic.class);
        assertThatThrownBy(() -> new Cubic(MSS, MSS)).isInstanceOf(IllegalArgumentException.class);
        AckClock clock = new AckClock(cc, MSS, RTT);
        clock.fill();
        clock.runUntil(100 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(24_000);
        clock.runUntil(200 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(48_000);
    }

    @Test
    void anApplicationLimitedSenderDoesNotGrowTheWindow() {
        Cubic cc = new Cubic(MSS, 10 * MSS);
        RttEstimator rtt = new RttEstimator(RTT);
        for (int round = 0; round < 20; round++) {
            cc.onPacketSent(round * RTT, 2 * MSS);
            cc.onPacketsAcked(round * RTT + RTT, 2 * MSS, round * RTT, rtt);
        }
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
    }

    @Test
    void lossReducesTheWindowByBetaOncePerRecoveryPeriod() {
        AckClock clock = afterLossAt(100);
        Cubic cc = (Cubic) clock.cc;
        assertThat(cc.congestionWindow()).isEqualTo(84_000); // 0.7 * 120000
        assertThat(cc.snapshot().slowStartThreshold()).isEqualTo(84_000);
        assertThat(cc.inSlowStart()).isFalse();
        assertThat(cc.snapshot().state()).isEqualTo("cubic");
        assertThat(cc.wMax()).isEqualTo(100.0);
        assertThat(cc.k()).isCloseTo(Math.cbrt(100 * 0.3 / 0.4), within(1e-9));
        // further losses of packets sent before the reduction change nothing
        clock.loseNext();
        clock.loseNext();
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        assertThat(cc.wMax()).isEqualTo(100.0);
    }

    @Test
    void fastConvergenceLowersWMaxWhenTheWindowDidNotRecover() {
        AckClock clock = afterLossAt(100);
        Cubic cc = (Cubic) clock.cc;
        // a second loss, of a packet sent after the first reduction, while cwnd (70) < W_max (100)
        clock.runUntil(clock.now + 2 * RTT);
        double before = clock.windowSegments();
        assertThat(before).isLessThan(100);
        clock.send();
        clock.inFlight.addFirst(clock.inFlight.pollLast()); // the newest packet is the one lost
        clock.now += RTT;
        clock.loseNext();
        assertThat(cc.wMax()).isCloseTo(before * (1 + 0.7) / 2, within(1e-9));
        assertThat(clock.windowSegments()).isCloseTo(before * 0.7, within(1.0 / MSS));
    }

    @Test
    void withoutFastConvergenceWMaxIsTheWindowAtTheLoss() {
        AckClock clock = new AckClock(new Cubic(MSS, 10 * MSS), MSS, RTT);
        clock.fill();
        clock.runUntil(RTT / 2);
        clock.loseNext(); // W_max 10
        Cubic cc = (Cubic) clock.cc;
        assertThat(cc.wMax()).isEqualTo(10.0);
        // grow past W_max, then lose again: W_max is the new, larger window
        clock.runUntil(clock.now + 30 * RTT);
        double w = clock.windowSegments();
        assertThat(w).isGreaterThan(10);
        clock.send();
        clock.inFlight.addFirst(clock.inFlight.pollLast());
        clock.now += RTT;
        clock.loseNext();
        assertThat(cc.wMax()).isCloseTo(w, within(1e-9));
    }

    /** RFC 9438 §4.2: K is chosen so that W_cubic(0) is the window the epoch starts from. */
    @Test
    void cubicCurveStartsAtTheReducedWindow() {
        AckClock clock = afterLossAt(100);
        Cubic cc = (Cubic) clock.cc;
        assertThat(cc.wCubic(0)).isCloseTo(clock.windowSegments(), within(1e-6));
        assertThat(cc.wCubic(cc.k())).isCloseTo(cc.wMax(), within(1e-9));
        // also after a fast-convergence reduction (W_max lowered to 0.85 of the window)
        clock.runUntil(clock.now + 2 * RTT);
        clock.send();
        clock.inFlight.addFirst(clock.inFlight.pollLast());
        clock.now += RTT;
        clock.loseNext();
        assertThat(cc.wMax()).isLessThan(clock.windowSegments() / 0.7);
        assertThat(cc.wCubic(0)).isCloseTo(clock.windowSegments(), within(1e-6));
    }

    /** After a loss the window follows W_cubic(t) over virtual time, reaching the plateau W_max at t = K. */
    @Test
    void windowFollowsTheCubicCurve() {
        AckClock clock = afterLossAt(100);
        Cubic cc = (Cubic) clock.cc;
        long lossTime = clock.now;
        // the epoch starts with the first ACK of a packet sent after the loss
        while (clock.inFlight.peek().time() <= lossTime) {
            clock.ackNext();
            clock.fill();
        }
        clock.ackNext();
        clock.fill();
        long epochStart = clock.now;
        double k = cc.k();
        assertThat(k).isCloseTo(Math.cbrt(75), within(1e-9)); // ~4.22 s
        double previous = clock.windowSegments();
        for (double t = 0.5; t <= 7.0; t += 0.5) {
            clock.runUntil(epochStart + (long) (t * 1e9));
            double w = clock.windowSegments();
            double expected = cc.wCubic(t);
            assertThat(w).as("window at t=%.1f s", t).isCloseTo(expected, within(0.05 * expected));
            assertThat(w).as("never shrinks without loss").isGreaterThanOrEqualTo(previous);
            previous = w;
        }
        // concave then convex: growth per second is slowest around K
        assertThat(growth(cc, 3.5, 4.5)).isLessThan(growth(cc, 0.5, 1.5));
        assertThat(growth(cc, 3.5, 4.5)).isLessThan(growth(cc, 6.5, 7.5));
    }

    private static double growth(Cubic cc, double from, double to) {
        return cc.wCubic(to) - cc.wCubic(from);
    }

    @Test
    void renoFriendlyRegionOnShortPathsWithSmallWindows() {
        // small window, short RTT: W_cubic grows slowly in real time, the Reno estimate is ahead
        AckClock clock = new AckClock(new Cubic(MSS, 10 * MSS), MSS, MS);
        clock.fill();
        clock.runUntil(MS / 2);
        clock.loseNext(); // W_max 10, cwnd 7
        long start = clock.now;
        clock.runUntil(start + 200 * MS); // 200 round trips of 1 ms, W_cubic(0.2 s) is about 7
        Cubic cc = (Cubic) clock.cc;
        assertThat(cc.wCubic(0.2)).isLessThan(8);
        // Reno-friendly: about alpha = 3 * 0.3 / 1.7 = 0.53 datagrams per round trip for ~199 round trips
        double alpha = 3 * (1 - 0.7) / (1 + 0.7);
        assertThat(clock.windowSegments()).isCloseTo(7 + alpha * 199, within(0.1 * (7 + alpha * 199)));
    }

    @Test
    void persistentCongestionCollapsesTheWindowAndAbandonedBytesLeaveFlight() {
        AckClock clock = afterLossAt(50);
        clock.cc.onPersistentCongestion(clock.now);
        assertThat(clock.cc.congestionWindow()).isEqualTo(2 * MSS);
        long inFlight = clock.cc.bytesInFlight();
        clock.cc.onPacketsAbandoned(MSS);
        assertThat(clock.cc.bytesInFlight()).isEqualTo(inFlight - MSS);
        clock.cc.onPacketsAbandoned(Long.MAX_VALUE / 2);
        assertThat(clock.cc.bytesInFlight()).isZero();
    }

    @Test
    void theWindowNeverFallsBelowTwoDatagrams() {
        Cubic cc = new Cubic(MSS, 10 * MSS);
        for (int i = 1; i <= 20; i++) {
            cc.onPacketSent(i * 10 * MS, MSS);
            cc.onCongestionEvent(i * 10 * MS + 5 * MS, i * 10 * MS, MSS);
            assertThat(cc.congestionWindow()).isGreaterThanOrEqualTo(2 * MSS);
        }
        assertThat(cc.congestionWindow()).isEqualTo(2 * MSS);
    }
}
