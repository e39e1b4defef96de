package io.jetstreamproto.core.internal.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 9002 §7.7 token bucket: rate 1.25 * cwnd / srtt, burst max(10, min(2 ms of rate, 256)) datagrams. */
class PacerTest {
    private static final long MSS = 1200;
    private static final long MS = 1_000_000L;

    @Test
    void noPacingBeforeAnRttSample() {
        Pacer pacer = new Pacer(MSS);
        for (int i = 0; i < 1000; i++) {
            assertThat(pacer.timeUntilSend(0, MSS, 12_000, 0)).isZero();
            pacer.onPacketSent(0, MSS);
        }
    }

    @Test
    void tenDatagramsMayGoAtOnceThenTheRateApplies() {
        Pacer pacer = new Pacer(MSS);
        long cwnd = 120_000;
        long srtt = 100 * MS; // rate 1.25 * 120000 / 100 ms = 1.5 bytes/us
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.timeUntilSend(0, MSS, cwnd, srtt)).as("packet %d", i).isZero();
            pacer.onPacketSent(0, MSS);
        }
        // empty bucket: one datagram takes 1200 / 1.5 = 800 us
        long wait = pacer.timeUntilSend(0, MSS, cwnd, srtt);
        assertThat(wait).isCloseTo(800_000L, within(1L));
        assertThat(pacer.timeUntilSend(300_000, MSS, cwnd, srtt)).isCloseTo(500_000L, within(1L));
        assertThat(pacer.timeUntilSend(wait, MSS, cwnd, srtt)).as("sendable after the wait").isZero();
        pacer.onPacketSent(wait, MSS);
        assertThat(pacer.timeUntilSend(wait, 600, cwnd, srtt)).isCloseTo(400_000L, within(1L));
    }

    @Test
    void theWaitIsAtLeastOneNanosecondWhenTokensAreShort() {
        Pacer pacer = new Pacer(MSS);
        for (int i = 0; i < 10; i++) {
            pacer.onPacketSent(0, MSS);
        }
        // a huge rate: 1200 bytes need well under 1 ns, but are still not there yet
        assertThat(pacer.timeUntilSend(0, MSS, Long.MAX_VALUE / 4, 1)).isEqualTo(1);
    }

    @Test
    void idleTimeRefillsAtMostTheBurst() {
        Pacer pacer = new Pacer(MSS);
        long cwnd = 120_000;
        long srtt = 100 * MS;
        for (int i = 0; i < 10; i++) {
            pacer.onPacketSent(0, MSS);
        }
        assertThat(pacer.timeUntilSend(0, MSS, cwnd, srtt)).isPositive();
        // ten seconds idle: the bucket holds 10 datagrams (2 ms of 1.5 B/us is only 3000 B, below the floor)
        long now = 10_000 * MS;
        int burst = 0;
        while (pacer.timeUntilSend(now, MSS, cwnd, srtt) == 0) {
            pacer.onPacketSent(now, MSS);
            burst++;
        }
        assertThat(burst).isEqualTo(10);
    }

    @Test
    void theBurstIsTwoMillisecondsOfRateUpTo256Datagrams() {
        // rate 1.25 * 1.6 MB / 16 ms = 125 B/us: 2 ms = 250000 B = 208 whole datagrams
        assertThat(burstAfterIdle(1_600_000, 16 * MS)).isEqualTo(208);
        // a much larger rate is capped at 256 datagrams
        assertThat(burstAfterIdle(100_000_000, 10 * MS)).isEqualTo(256);
    }

    private static int burstAfterIdle(long cwnd, long srtt) {
        Pacer pacer = new Pacer(MSS);
        pacer.timeUntilSend(0, MSS, cwnd, srtt);
        long now = 1_000 * MS;
        int burst = 0;
        while (pacer.timeUntilSend(now, MSS, cwnd, srtt) == 0) {
            pacer.onPacketSent(now, MSS);
            burst++;
        }
        return burst;
    }

    /**
     * A greedy sender that sends whenever allowed, in virtual time: over any interval it never exceeds
     * rate * interval + burst, and it does reach the rate.
     */
    @Test
    void aGreedySenderNeverExceedsTheRateBeyondTheBurst() {
        Random rnd = new Random(5);
        for (int run = 0; run < 20; run++) {
            long cwnd = (10 + rnd.nextInt(2000)) * MSS;
            long srtt = (1 + rnd.nextInt(300)) * MS;
            double rate = 1.25 * cwnd / srtt;
            double burst = Math.max(10.0 * MSS, Math.min(rate * 2 * MS, 256.0 * MSS));
            Pacer pacer = new Pacer(MSS);
            List<long[]> sends = new ArrayList<>(); // {time, cumulative bytes after}
            long now = 0;
            long total = 0;
            long horizon = (long) Math.min(2_000 * MS, 3e7 / rate); // at most ~30 MB of sends
            while (now < horizon) {
                long size = 100 + rnd.nextInt((int) MSS - 99);
                long wait = pacer.timeUntilSend(now, size, cwnd, srtt);
                if (wait > 0) {
                    now += wait;
                    continue;
                }
                pacer.onPacketSent(now, size);
                total += size;
                sends.add(new long[] {now, total});
            }
            // reaches the rate
            assertThat((double) total).isGreaterThan(rate * horizon * 0.99);
            // never exceeds rate * interval + burst over any interval (checked on random intervals and all prefixes)
            for (int i = 0; i < 2000; i++) {
                int a = rnd.nextInt(sends.size());
                int b = a + rnd.nextInt(sends.size() - a);
                long bytes = sends.get(b)[1] - (a == 0 ? 0 : sends.get(a - 1)[1]);
                long interval = sends.get(b)[0] - sends.get(a)[0];
                assertThat((double) bytes).as("cwnd %d srtt %d interval %d", cwnd, srtt, interval)
                        .isLessThanOrEqualTo(rate * interval + burst + MSS);
            }
        }
    }
}
