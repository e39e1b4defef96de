package io.jetstreamproto.core.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9002 §6 and §7.6 with hand-built packet sequences (all times in nanoseconds, no clock). */
class LossDetectorTest {
    private static final long MS = 1_000_000L;
    private static final long MAX_ACK_DELAY = 25 * MS;
    private static final int SIZE = 1200;

    private final LossDetector detector = new LossDetector();
    private final RttEstimator rtt = new RttEstimator(333 * MS);

    private void send(long pn, long time) {
        detector.onPacketSent(new SentPacket(pn, time, SIZE, true, true, "frames of " + pn));
    }

    private static AckRanges ack(long delay, long... smallestLargestPairs) {
        AckRange[] r = new AckRange[smallestLargestPairs.length / 2];
        for (int i = 0; i < r.length; i++) {
            r[i] = new AckRange(smallestLargestPairs[2 * i], smallestLargestPairs[2 * i + 1]);
        }
        return AckRanges.of(delay, Arrays.asList(r));
    }

    private LossDetector.AckResult onAck(AckRanges ack, long now) {
        return detector.onAckReceived(ack, now, rtt, MAX_ACK_DELAY, true);
    }

    private static List<Long> numbers(List<SentPacket> packets) {
        return packets.stream().map(SentPacket::packetNumber).toList();
    }

    @Test
    void ackOnlyPacketsThatNobodyAcknowledgesDoNotPileUp() {
        for (long pn = 0; pn < 100; pn++) {
            detector.onPacketSent(new SentPacket(pn, pn * MS, 40, false, false, "ACK " + pn));
        }
        assertThat(detector.packetsTracked()).as("only the newest ACK-only packet is kept").isEqualTo(1);
        send(100, 100 * MS); // ack-eliciting: kept until acknowledged or lost
        for (long pn = 101; pn < 200; pn++) {
            detector.onPacketSent(new SentPacket(pn, pn * MS, 40, false, false, "ACK " + pn));
        }
        assertThat(detector.packetsTracked()).as("pruning stops at a packet that is in flight")
                .isLessThanOrEqualTo(101);
        assertThat(detector.bytesInFlight()).isEqualTo(SIZE);
    }

    @Test
    void packetThresholdDeclaresPacketsThreeBelowTheLargestAcknowledgedLost() {
        for (long pn = 0; pn <= 5; pn++) {
            send(pn, 0);
        }
        assertThat(detector.bytesInFlight()).isEqualTo(6 * SIZE);
        LossDetector.AckResult r = onAck(ack(0, 5, 5), 100 * MS);
        assertThat(numbers(r.ackedPackets())).containsExactly(5L);
        assertThat(r.ackedPackets().get(0).frames()).isEqualTo("frames of 5");
        assertThat(r.rttSampled()).isTrue();
        assertThat(rtt.latestRtt()).isEqualTo(100 * MS);
        assertThat(numbers(r.lostPackets())).containsExactly(0L, 1L, 2L); // 5 - 3 and below
        assertThat(r.persistentCongestion()).isFalse();
        assertThat(detector.bytesInFlight()).isEqualTo(2 * SIZE);
        assertThat(detector.packetsTracked()).isEqualTo(2);
        assertThat(detector.largestAcked()).isEqualTo(5);
        // 3 and 4 wait for the time threshold: 9/8 of 100 ms after they were sent
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(112_500_000L);
    }

    @Test
    void timeThresholdIsNineEighthsOfTheRtt() {
        send(0, 0);
        send(1, MS);
        LossDetector.AckResult r = onAck(ack(0, 1, 1), 81 * MS); // sample 80 ms
        assertThat(r.lostPackets()).isEmpty();
        long deadline = 90 * MS; // 0 + 9/8 * 80 ms
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(deadline);

        LossDetector.TimeoutResult early = detector.onLossDetectionTimeout(deadline - 1, rtt, MAX_ACK_DELAY);
        assertThat(early.lostPackets()).isEmpty();
        assertThat(early.probe()).isFalse();
        assertThat(detector.ptoCount()).isZero();

        LossDetector.TimeoutResult due = detector.onLossDetectionTimeout(deadline, rtt, MAX_ACK_DELAY);
        assertThat(numbers(due.lostPackets())).containsExactly(0L);
        assertThat(due.probe()).isFalse();
        assertThat(detector.bytesInFlight()).isZero();
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void timeThresholdUsesTheLargerOfLatestAndSmoothedRtt() {
        send(0, 0);
        onAck(ack(0, 0, 0), 80 * MS); // smoothed = latest = 80 ms
        send(1, 100 * MS);
        send(2, 101 * MS);
        onAck(ack(0, 2, 2), 261 * MS); // latest 160 ms, smoothed 90 ms
        assertThat(rtt.latestRtt()).isEqualTo(160 * MS);
        assertThat(rtt.smoothedRtt()).isEqualTo(90 * MS);
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(100 * MS + 180 * MS);
    }

    @Test
    void timeThresholdIsAtLeastTheTimerGranularity() {
        send(0, 0);
        send(1, 10_000);
        onAck(ack(0, 1, 1), 110_000); // 100 us RTT
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(RttEstimator.GRANULARITY);
    }

    @Test
    void probeTimeoutBacksOffExponentially() {
        send(0, 0);
        long pto = rtt.pto(MAX_ACK_DELAY);
        assertThat(pto).isEqualTo(333 * MS + 4 * (333 * MS / 2) + MAX_ACK_DELAY);
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(pto);

        LossDetector.TimeoutResult notYet = detector.onLossDetectionTimeout(pto - 1, rtt, MAX_ACK_DELAY);
        assertThat(notYet.probe()).isFalse();
        assertThat(detector.ptoCount()).isZero();

        long now = pto;
        for (int count = 1; count <= 20; count++) {
            LossDetector.TimeoutResult t = detector.onLossDetectionTimeout(now, rtt, MAX_ACK_DELAY);
            assertThat(t.probe()).isTrue();
            assertThat(t.lostPackets()).as("a probe timeout declares nothing lost").isEmpty();
            assertThat(detector.ptoCount()).isEqualTo(count);
            // doubling, but never more than 2 s between probes (unless one PTO is longer)
            long interval = Math.min(pto * (1L << Math.min(count, 16)),
                    Math.max(pto, LossDetector.MAX_PROBE_INTERVAL_NANOS));
            assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(interval);
            now = interval;
        }
        assertThat(detector.bytesInFlight()).isEqualTo(SIZE);
    }

    @Test
    void probeTimerRunsFromTheLastAckElicitingPacketAndAnAckResetsTheBackoff() {
        send(0, 0);
        long pto = rtt.pto(MAX_ACK_DELAY);
        detector.onLossDetectionTimeout(pto, rtt, MAX_ACK_DELAY);
        assertThat(detector.ptoCount()).isEqualTo(1);
        send(1, 5_000 * MS);
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(5_000 * MS + Math.min(2 * pto, LossDetector.MAX_PROBE_INTERVAL_NANOS));
        // a non-ack-eliciting packet does not move the timer
        detector.onPacketSent(new SentPacket(2, 6_000 * MS, 50, false, false, null));
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(5_000 * MS + Math.min(2 * pto, LossDetector.MAX_PROBE_INTERVAL_NANOS));
        onAck(ack(0, 1, 1), 5_100 * MS);
        assertThat(detector.ptoCount()).isZero();
        // packet 0, sent long before 9/8 of the RTT ago, is declared lost by the time threshold
        assertThat(detector.packetsTracked()).isEqualTo(1); // only the non-ack-eliciting packet 2 remains
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void nothingAckElicitingInFlightArmsNoTimer() {
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(Long.MAX_VALUE);
        detector.onPacketSent(new SentPacket(0, 0, 40, false, false, null));
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(Long.MAX_VALUE);
        assertThat(detector.bytesInFlight()).isZero();
        LossDetector.TimeoutResult t = detector.onLossDetectionTimeout(Long.MAX_VALUE / 2, rtt, MAX_ACK_DELAY);
        assertThat(t.probe()).isFalse();
        assertThat(t.lostPackets()).isEmpty();
    }

    @Test
    void rttIsSampledOnlyWhenTheLargestIsNewlyAcknowledgedAndSomethingAckElicitingIs() {
        send(0, 0);
        send(1, 10 * MS);
        detector.onPacketSent(new SentPacket(2, 20 * MS, 40, false, false, null)); // an ACK-only packet
        // the largest (2) is not ack-eliciting, but 1 is: a sample from packet 2's send time
        LossDetector.AckResult r = onAck(ack(0, 1, 2), 70 * MS);
        assertThat(r.rttSampled()).isTrue();
        assertThat(rtt.latestRtt()).isEqualTo(50 * MS);

        // only a non-ack-eliciting packet newly acknowledged: no sample
        detector.onPacketSent(new SentPacket(3, 100 * MS, 40, false, false, null));
        LossDetector.AckResult onlyAckOnly = onAck(ack(0, 3, 3), 400 * MS);
        assertThat(onlyAckOnly.rttSampled()).isFalse();
        assertThat(rtt.latestRtt()).isEqualTo(50 * MS);

        // the largest was acknowledged before: no sample even though 4 is newly acknowledged
        send(4, 1000 * MS);
        send(5, 1001 * MS);
        assertThat(onAck(ack(0, 5, 5), 1100 * MS).rttSampled()).isTrue();
        assertThat(rtt.latestRtt()).isEqualTo(99 * MS);
        LossDetector.AckResult old = onAck(ack(0, 4, 5), 1500 * MS);
        assertThat(numbers(old.ackedPackets())).containsExactly(4L);
        assertThat(old.rttSampled()).isFalse();
        assertThat(rtt.latestRtt()).isEqualTo(99 * MS);
    }

    @Test
    void ackDelayReachesTheRttEstimator() {
        send(0, 0);
        send(1, 0);
        onAck(ack(0, 0, 0), 100 * MS);
        onAck(ack(20 * MS, 1, 1), 130 * MS); // latest 130, adjusted 110
        assertThat(rtt.smoothedRtt()).isEqualTo((7 * 100 * MS + 110 * MS) / 8);
    }

    @Test
    void duplicateAcksChangeNothing() {
        send(0, 0);
        send(1, MS);
        onAck(ack(0, 0, 1), 50 * MS);
        long smoothed = rtt.smoothedRtt();
        LossDetector.AckResult again = onAck(ack(0, 0, 1), 500 * MS);
        assertThat(again.ackedPackets()).isEmpty();
        assertThat(again.lostPackets()).isEmpty();
        assertThat(again.rttSampled()).isFalse();
        assertThat(rtt.smoothedRtt()).isEqualTo(smoothed);
        assertThat(detector.bytesInFlight()).isZero();
    }

    @Test
    void ackedPacketsComeInPacketNumberOrderAcrossRanges() {
        for (long pn = 0; pn < 10; pn++) {
            send(pn, 0);
        }
        LossDetector.AckResult r = onAck(ack(0, 8, 9, 4, 5, 0, 1), 10 * MS);
        assertThat(numbers(r.ackedPackets())).containsExactly(0L, 1L, 4L, 5L, 8L, 9L);
        // 2, 3 (≤ 9 - 3) and 6 are lost by packet threshold; 7 waits for the time threshold
        assertThat(numbers(r.lostPackets())).containsExactly(2L, 3L, 6L);
        assertThat(detector.bytesInFlight()).isEqualTo(SIZE);
    }

    @Test
    void anAckOfAPacketNeverSentIsAnAckException() {
        assertThatThrownBy(() -> onAck(ack(0, 0, 0), MS)).isInstanceOf(AckException.class)
                .hasMessageContaining("largest sent -1");
        send(0, 0);
        send(1, 0);
        assertThatThrownBy(() -> onAck(ack(0, 0, 2), MS)).isInstanceOf(AckException.class)
                .hasMessageContaining("ACK of packet 2");
        assertThatThrownBy(() -> onAck(ack(0, 5, 7, 0, 0), MS)).isInstanceOf(AckException.class);
        // the failed ACKs changed nothing
        assertThat(detector.packetsTracked()).isEqualTo(2);
        assertThat(detector.bytesInFlight()).isEqualTo(2 * SIZE);
        assertThat(detector.largestAcked()).isEqualTo(-1);
        assertThat(rtt.hasSample()).isFalse();
        AckException e = new AckException("x");
        assertThat(e).hasMessage("x").isInstanceOf(RuntimeException.class);
        assertThat(e.getStackTrace()).as("cheap to throw for hostile input").isEmpty();
    }

    @Test
    void packetNumbersMustIncrease() {
        send(5, 0);
        assertThatThrownBy(() -> send(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> send(4, 0)).isInstanceOf(IllegalArgumentException.class);
        send(9, 0); // gaps are allowed
        assertThat(detector.packetsTracked()).isEqualTo(2);
    }

    @Test
    void persistentCongestionAfterLossesSpanningThreeProbeTimeouts() {
        send(0, 0);
        onAck(ack(0, 0, 0), 100 * MS); // first sample: smoothed 100, variance 50
        for (long pn = 1; pn <= 10; pn++) {
            send(pn, (100 + 100 * pn) * MS); // 200 ms .. 1100 ms
        }
        send(11, 1200 * MS);
        LossDetector.AckResult r = onAck(ack(0, 11, 11), 1300 * MS);
        // duration = (100 + 4 * 37.5 + 25) * 3 = 825 ms < 1100 - 200
        assertThat(numbers(r.lostPackets())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(r.persistentCongestion()).isTrue();
    }

    @Test
    void noPersistentCongestionForAShortLossPeriod() {
        send(0, 0);
        onAck(ack(0, 0, 0), 100 * MS);
        for (long pn = 1; pn <= 5; pn++) {
            send(pn, (100 + 100 * pn) * MS); // 200 .. 600 ms
        }
        send(6, 700 * MS);
        LossDetector.AckResult r = onAck(ack(0, 6, 6), 800 * MS);
        assertThat(numbers(r.lostPackets())).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(r.persistentCongestion()).isFalse();
    }

    @Test
    void noPersistentCongestionWhenAPacketInBetweenWasAcknowledged() {
        send(0, 0);
        onAck(ack(0, 0, 0), 100 * MS);
        for (long pn = 1; pn <= 10; pn++) {
            send(pn, (100 + 100 * pn) * MS);
        }
        send(11, 1200 * MS);
        LossDetector.AckResult r = onAck(ack(0, 11, 11, 5, 5), 1300 * MS);
        assertThat(numbers(r.lostPackets())).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
        assertThat(r.persistentCongestion()).isFalse();
    }

    @Test
    void noPersistentCongestionBeforeTheFirstRttSample() {
        for (long pn = 0; pn <= 10; pn++) {
            send(pn, pn * 1000 * MS); // spread over 10 s, all before any sample
        }
        LossDetector.AckResult r = onAck(ack(0, 10, 10), 10_100 * MS);
        assertThat(r.lostPackets()).hasSize(10);
        assertThat(r.persistentCongestion()).isFalse();
    }

    @Test
    void discardAllForgetsEverything() {
        send(0, 0);
        send(1, 0);
        detector.discardAll();
        assertThat(detector.packetsTracked()).isZero();
        assertThat(detector.bytesInFlight()).isZero();
        assertThat(detector.lossDetectionTimerNanos(rtt, MAX_ACK_DELAY)).isEqualTo(Long.MAX_VALUE);
    }
}
