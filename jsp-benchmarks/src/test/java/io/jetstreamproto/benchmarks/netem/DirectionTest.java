package io.jetstreamproto.benchmarks.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The link model's decisions, on a virtual timeline (no sockets, no clock): loss, bursts, queue, delay. */
class DirectionTest {

    @Test
    void randomLossDropsTheConfiguredShare() {
        Direction d = new Direction("t", LinkModel.clean().withLoss(0.05), 42);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            d.admit(1200, i * 1000L);
        }
        Direction.Counters c = d.counters();
        assertThat(c.received()).isEqualTo(n);
        assertThat(c.droppedRandom() / (double) n).isCloseTo(0.05, within(0.003));
        assertThat(c.droppedBurst()).isZero();
    }

    @Test
    void gilbertElliottLosesInBurstsAtItsStationaryRate() {
        GilbertElliott ge = GilbertElliott.issue16();
        Direction d = new Direction("t", LinkModel.clean().withBurst(ge), 7);
        int n = 200_000;
        int runs = 0;
        boolean previousLost = false;
        for (int i = 0; i < n; i++) {
            boolean lost = d.admit(1200, i) == null;
            if (lost && !previousLost) {
                runs++;
            }
            previousLost = lost;
        }
        long lost = d.counters().droppedBurst();
        assertThat(lost / (double) n).isCloseTo(ge.meanLoss(), within(0.01)); // 0.05 / 0.35 = 14.3 %
        // mean burst length 1 / leaveBad = 3.3 datagrams: far longer than independent loss would give (1.17)
        assertThat(lost / (double) runs).isCloseTo(1 / ge.leaveBad(), within(0.3));
    }

    @Test
    void rateLimitQueuesThenDropsAtTheTail() {
        long rate = 1_000_000; // bytes per second: 1000-byte datagrams leave 1 ms apart
        Direction d = new Direction("t", LinkModel.clean().withRate(rate, 10_000), 1);
        long[] first = d.admit(1000, 0);
        assertThat(first).containsExactly(1_000_000L); // leaves after its own serialisation time
        int admitted = 1;
        for (int i = 0; i < 20; i++) { // a burst at t=0: ten fit in the 10 kB queue, the rest are dropped
            if (d.admit(1000, 0) != null) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(10);
        assertThat(d.counters().droppedQueue()).isEqualTo(11);
        // once the queue drained (10 ms later) datagrams are admitted again
        assertThat(d.admit(1000, 20_000_000L)).containsExactly(21_000_000L);
    }

    @Test
    void delayAndJitterPostponeDeparture() {
        Direction d = new Direction("t", LinkModel.clean().withDelay(50_000, 10_000), 3);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long at = d.admit(100, 0)[0];
            min = Math.min(min, at);
            max = Math.max(max, at);
        }
        assertThat(min).isGreaterThanOrEqualTo(50_000_000L);
        assertThat(max).isLessThanOrEqualTo(60_000_000L).isGreaterThan(59_000_000L);
    }

    @Test
    void jitterThatKeepsOrderNeverLetsADatagramOvertake() {
        Direction d = new Direction("t", LinkModel.clean().withDelay(50_000, 10_000).withReorder(false), 3);
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long at = d.admit(100, i * 10_000L)[0]; // one every 10 µs, jitter up to 10 ms
            assertThat(at).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(i * 10_000L + 50_000_000L);
            previous = at;
        }
    }

    @Test
    void duplicationSendsTwoCopies() {
        Direction d = new Direction("t", LinkModel.clean().withDuplicate(1.0), 5);
        assertThat(d.admit(100, 0)).hasSize(2);
        assertThat(d.counters().duplicated()).isEqualTo(1);
    }

    @Test
    void sameSeedSameDecisions() {
        Direction a = new Direction("a", LinkModel.clean().withLoss(0.3).withBurst(GilbertElliott.issue16()), 9);
        Direction b = new Direction("b", LinkModel.clean().withLoss(0.3).withBurst(GilbertElliott.issue16()), 9);
        for (int i = 0; i < 10_000; i++) {
            assertThat(a.admit(500, i) == null).isEqualTo(b.admit(500, i) == null);
        }
    }
}
