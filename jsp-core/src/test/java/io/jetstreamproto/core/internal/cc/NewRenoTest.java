package io.jetstreamproto.core.internal.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

/** RFC 9002 §7 and Appendix B. */
class NewRenoTest {
    private static final long MSS = 1200;
    private static final long MS = 1_000_000L;
    private final RttEstimator rtt = new RttEstimator(100 * MS);

    @Test
    void initialWindowIsTenDatagrams() {
        NewReno cc = NewReno.withDefaults(MSS);
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
        assertThat(cc.bytesInFlight()).isZero();
        assertThat(cc.inSlowStart()).isTrue();
        assertThat(cc.name()).isEqualTo("NewReno");
        assertThat(cc.snapshot()).isEqualTo(new CongestionSnapshot(12_000, Long.MAX_VALUE, 0, "slow-start"));
        assertThat(CongestionAlgorithm.NEW_RENO.create(MSS, 10 * MSS)).isInstanceOf(NewReno.class);
    }

    @Test
    void constructorValidation() {
        assertThatThrownBy(() -> new NewReno(MSS, 2 * MSS - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewReno(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NewReno(MSS, 2 * MSS).congestionWindow()).isEqualTo(2 * MSS);
    }

    @Test
    void canSendUpToTheWindow() {
        NewReno cc = NewReno.withDefaults(MSS);
        for (int i = 0; i < 10; i++) {
            assertThat(cc.canSend(MSS)).isTrue();
            cc.onPacketSent(0, MSS);
        }
        assertThat(cc.bytesInFlight()).isEqualTo(12_000);
        assertThat(cc.canSend(1)).isFalse();
        assertThat(cc.canSend(0)).isTrue();
        cc.onPacketsAbandoned(MSS);
        assertThat(cc.bytesInFlight()).isEqualTo(10_800);
        cc.onPacketsAbandoned(1_000_000);
        assertThat(cc.bytesInFlight()).as("never negative").isZero();
    }

    @Test
    void slowStartGrowsByTheBytesAcknowledged() {
        AckClock clock = new AckClock(NewReno.withDefaults(MSS), MSS, 100 * MS);
        clock.fill();
        assertThat(clock.inFlight).hasSize(10);
        clock.ackNext();
        assertThat(clock.cc.congestionWindow()).isEqualTo(12_000 + 1200);
        for (int i = 0; i < 9; i++) {
            clock.ackNext();
            clock.fill();
        }
        // one round trip acknowledged a whole window: doubled
        assertThat(clock.cc.congestionWindow()).isEqualTo(24_000);
        clock.runUntil(clock.now + 100 * MS);
        assertThat(clock.cc.congestionWindow()).isEqualTo(48_000);
        assertThat(clock.cc.inSlowStart()).isTrue();
        // a single ACK of several packets grows by all of them
        NewReno cc = NewReno.withDefaults(MSS);
        for (int i = 0; i < 10; i++) {
            cc.onPacketSent(0, MSS);
        }
        cc.onPacketsAcked(100 * MS, 5 * MSS, 0, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(12_000 + 6_000);
        assertThat(cc.bytesInFlight()).isEqualTo(6_000);
    }

    @Test
    void anApplicationLimitedSenderDoesNotGrowTheWindow() {
        NewReno cc = NewReno.withDefaults(MSS);
        for (int round = 0; round < 20; round++) {
            cc.onPacketSent(round * 100 * MS, 4 * MSS); // 4800 < half of 12000
            cc.onPacketsAcked(round * 100 * MS + 50 * MS, 4 * MSS, round * 100 * MS, rtt);
        }
        assertThat(cc.congestionWindow()).isEqualTo(12_000);
    }

    @Test
    void lossHalvesTheWindowOncePerRecoveryPeriod() {
        NewReno cc = NewReno.withDefaults(MSS);
        for (int i = 0; i < 10; i++) {
            cc.onPacketSent(i * MS, MSS);
        }
        cc.onCongestionEvent(50 * MS, 0, MSS);
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
        assertThat(cc.snapshot().slowStartThreshold()).isEqualTo(6_000);
        assertThat(cc.inSlowStart()).isFalse();
        assertThat(cc.bytesInFlight()).isEqualTo(9 * MSS);
        // more losses of packets sent before the recovery period began: no further reduction
        cc.onCongestionEvent(60 * MS, 5 * MS, MSS);
        cc.onCongestionEvent(70 * MS, 9 * MS, MSS);
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
        assertThat(cc.bytesInFlight()).isEqualTo(7 * MSS);
        // acknowledgements of packets sent before it began do not grow the window either
        cc.onPacketsAcked(80 * MS, 2 * MSS, 8 * MS, rtt);
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
        // a packet sent at the very start of recovery still belongs to it
        cc.onPacketSent(50 * MS, MSS);
        cc.onCongestionEvent(90 * MS, 50 * MS, MSS);
        assertThat(cc.congestionWindow()).isEqualTo(6_000);
        // a loss of a packet sent after recovery began starts a new period
        cc.onPacketSent(91 * MS, MSS);
        cc.onCongestionEvent(200 * MS, 91 * MS, MSS);
        assertThat(cc.congestionWindow()).isEqualTo(3_000);
        assertThat(cc.snapshot().state()).isEqualTo("avoidance/recovered");
    }

    @Test
    void theWindowNeverFallsBelowTwoDatagrams() {
        NewReno cc = NewReno.withDefaults(MSS);
        for (int i = 1; i <= 10; i++) {
            cc.onPacketSent(i * 10 * MS, MSS);
            cc.onCongestionEvent(i * 10 * MS + 5 * MS, i * 10 * MS, MSS);
            assertThat(cc.congestionWindow()).isGreaterThanOrEqualTo(2 * MSS);
        }
        assertThat(cc.congestionWindow()).isEqualTo(2 * MSS);
        assertThat(cc.snapshot().slowStartThreshold()).isEqualTo(2 * MSS);
    }

    @Test
    void persistentCongestionCollapsesTheWindowToTheMinimum() {
        AckClock clock = new AckClock(NewReno.withDefaults(MSS), MSS, 100 * MS);
        clock.fill();
        clock.runUntil(300 * MS);
        assertThat(clock.cc.congestionWindow()).isGreaterThan(12_000);
        clock.cc.onPersistentCongestion(clock.now);
        assertThat(clock.cc.congestionWindow()).isEqualTo(2 * MSS);
    }

    /** Congestion avoidance: one datagram more per window of acknowledged bytes (RFC 9002 §7.3.3). */
    @Test
    void congestionAvoidanceAddsOneDatagramPerWindowAcknowledged() {
        AckClock clock = new AckClock(NewReno.withDefaults(MSS), MSS, 100 * MS);
        clock.fill();
        clock.runUntil(350 * MS); // slow start: 12000 -> 96000
        assertThat(clock.cc.congestionWindow()).isEqualTo(96_000);
        clock.loseNext();
        assertThat(clock.cc.congestionWindow()).isEqualTo(48_000);
        long lossTime = clock.now;
        // drain the recovery period: packets sent before the loss are acknowledged without growth
        while (clock.inFlight.peek().time() <= lossTime) {
            clock.ackNext();
            clock.fill();
            assertThat(clock.cc.congestionWindow()).isEqualTo(48_000);
        }
        long cwnd = clock.cc.congestionWindow();
        long acked = 0;
        while (acked < cwnd) {
            clock.ackNext();
            clock.fill();
            acked += MSS;
            if (acked < cwnd) {
                assertThat(clock.cc.congestionWindow()).isEqualTo(cwnd);
            }
        }
        assertThat(clock.cc.congestionWindow()).isEqualTo(cwnd + MSS);
        // linear: after ten more round trips, ten more datagrams
        long start = clock.cc.congestionWindow();
        clock.runUntil(clock.now + 1000 * MS);
        assertThat(clock.cc.congestionWindow()).isBetween(start + 9 * MSS, start + 11 * MSS);
        assertThat(clock.cc.inSlowStart()).isFalse();
    }
}
