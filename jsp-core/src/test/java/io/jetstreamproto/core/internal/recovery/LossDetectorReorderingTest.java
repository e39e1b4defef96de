package io.jetstreamproto.core.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reordering adaptation of the loss thresholds (RFC 9002 §6.1.1-6.1.2): spurious losses raise them, real ones do not. */
class LossDetectorReorderingTest {
    private static final long MS = 1_000_000L;
    private final RttEstimator rtt = new RttEstimator(100 * MS);
    private final LossDetector loss = new LossDetector();

    private void send(long from, long to, long at) {
        for (long pn = from; pn <= to; pn++) {
            loss.onPacketSent(new SentPacket(pn, at, 1200, true, true, null));
        }
    }

    private LossDetector.AckResult ack(long now, AckRange... descending) {
        return loss.onAckReceived(AckRanges.of(0, List.of(descending)), now, rtt, 0, true);
    }

    @Test
    void aLateAckOfAPacketDeclaredLostRaisesThePacketThresholdToTheReorderingDistance() {
        send(0, 9, 0);
        LossDetector.AckResult first = ack(10 * MS, new AckRange(4, 9));
        assertThat(first.lostPackets()).extracting(SentPacket::packetNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(loss.packetThreshold()).isEqualTo(LossDetector.PACKET_THRESHOLD);

        ack(11 * MS, new AckRange(0, 9)); // 0..3 were only late: 0 was 9 behind the largest acknowledged
        assertThat(loss.spuriousLosses()).isEqualTo(4);
        assertThat(loss.packetThreshold()).isEqualTo(10);

        // With threshold 10 only 10..20 are lost (30 - 10 = 20); with 3, 10..24 would have been
        send(10, 30, 12 * MS);
        LossDetector.AckResult next = ack(13 * MS, new AckRange(25, 30));
        assertThat(next.lostPackets()).extracting(SentPacket::packetNumber).containsExactly(10L, 11L, 12L, 13L, 14L,
                15L, 16L, 17L, 18L, 19L, 20L);
    }

    @Test
    void realLossesNeverRaiseTheThresholds() {
        long now = 0;
        for (long base = 0; base < 2000; base += 10) {
            send(base, base + 9, now);
            now += MS;
            // packets base+0 and base+1 are really lost: never acknowledged
            ack(now, new AckRange(base + 2, base + 9));
        }
        assertThat(loss.spuriousLosses()).isZero();
        assertThat(loss.packetThreshold()).isEqualTo(LossDetector.PACKET_THRESHOLD);
        assertThat(loss.timeThreshold()).isEqualTo(9 / 8.0);
    }

    @Test
    void aSpuriousTimeThresholdLossWidensTheTimeThresholdUpToTwoRtts() {
        long now = 0;
        for (int i = 0; i < 10; i++) {
            long pn = 2L * i;
            send(pn, pn, now);
            send(pn + 1, pn + 1, now + 150 * MS);
            now += 250 * MS; // pn + 1 took 100 ms; pn was sent 250 ms ago, beyond even 2 RTT
            assertThat(ack(now, new AckRange(pn + 1, pn + 1)).lostPackets()).extracting(SentPacket::packetNumber)
                    .containsExactly(pn);
            ack(now + 1, new AckRange(pn, pn + 1)); // it arrived after all
        }
        assertThat(loss.spuriousLosses()).isEqualTo(10);
        assertThat(loss.packetThreshold()).isEqualTo(LossDetector.PACKET_THRESHOLD);
        assertThat(loss.timeThreshold()).isEqualTo(2.0);
    }

    @Test
    void thePacketThresholdIsCapped() {
        send(0, 199, 0);
        ack(MS, new AckRange(100, 199));
        ack(2 * MS, new AckRange(0, 199));
        assertThat(loss.packetThreshold()).isEqualTo(LossDetector.MAX_PACKET_THRESHOLD);
    }
}
