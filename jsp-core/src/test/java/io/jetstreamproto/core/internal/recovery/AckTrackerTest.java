package io.jetstreamproto.core.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AckTrackerTest {
    private static final long MS = 1_000_000L;

    /** The maximal runs of {@code set}, highest first. */
    private static List<AckRange> runs(TreeSet<Long> set) {
        List<AckRange> out = new ArrayList<>();
        Long hi = null;
        Long lo = null;
        for (long pn : set.descendingSet()) {
            if (hi == null) {
                hi = pn;
                lo = pn;
            } else if (pn == lo - 1) {
                lo = pn;
            } else {
                out.add(new AckRange(lo, hi));
                hi = pn;
                lo = pn;
            }
        }
        if (hi != null) {
            out.add(new AckRange(lo, hi));
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void rangesMatchATreeSetOracle(long seed) {
        Random rnd = new Random(seed);
        AckTracker tracker = new AckTracker(2, 25 * MS);
        TreeSet<Long> oracle = new TreeSet<>();
        int span = 100 + rnd.nextInt(400); // at most span/2 runs: below the 256-range bound
        long now = 0;
        for (int i = 0; i < 2 * span; i++) {
            long pn;
            if (!oracle.isEmpty() && rnd.nextInt(5) == 0) {
                Long present = oracle.ceiling((long) rnd.nextInt(span));
                pn = present == null ? oracle.first() : present; // a duplicate
            } else {
                pn = rnd.nextInt(span);
            }
            now += rnd.nextInt(1000);
            tracker.onPacketReceived(pn, rnd.nextBoolean(), now);
            oracle.add(pn);
            List<AckRange> expected = runs(oracle);
            assertThat(tracker.rangeCount()).isEqualTo(expected.size());
            assertThat(tracker.largestReceived()).isEqualTo(oracle.last());
            AckRanges ack = tracker.buildAck(now, Integer.MAX_VALUE);
            assertThat(ack.ranges()).as("after %d", pn).isEqualTo(expected);
            for (long q = 0; q < span; q++) {
                assertThat(ack.contains(q)).isEqualTo(oracle.contains(q));
            }
            int limit = 1 + rnd.nextInt(5);
            assertThat(tracker.buildAck(now, limit).ranges())
                    .isEqualTo(expected.subList(0, Math.min(limit, expected.size())));
        }
    }

    @Test
    void atMost256RangesAreKeptAndTheOldestAreForgotten() {
        AckTracker tracker = new AckTracker(1, 0);
        for (long pn = 0; pn <= 2000; pn += 2) {
            tracker.onPacketReceived(pn, true, pn);
            assertThat(tracker.rangeCount()).isLessThanOrEqualTo(AckTracker.MAX_TRACKED_RANGES);
        }
        assertThat(tracker.rangeCount()).isEqualTo(AckTracker.MAX_TRACKED_RANGES);
        AckRanges ack = tracker.buildAck(2000, Integer.MAX_VALUE);
        assertThat(ack.largest()).isEqualTo(2000);
        assertThat(ack.smallest()).isEqualTo(2000 - 2 * 255);
        // a packet below everything tracked is not remembered when the table is full
        tracker.onPacketReceived(1, true, 3000);
        assertThat(tracker.buildAck(3000, Integer.MAX_VALUE).contains(1)).isFalse();
        assertThat(tracker.rangeCount()).isEqualTo(AckTracker.MAX_TRACKED_RANGES);
    }

    /** With more gaps than the bound: never more than 256 ranges, never a number that did not arrive. */
    @Test
    void randomArrivalsBeyondTheBoundStayBoundedAndTruthful() {
        Random rnd = new Random(77);
        AckTracker tracker = new AckTracker(2, MS);
        TreeSet<Long> oracle = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            long pn = rnd.nextInt(5000);
            tracker.onPacketReceived(pn, true, i);
            oracle.add(pn);
            assertThat(tracker.rangeCount()).isLessThanOrEqualTo(AckTracker.MAX_TRACKED_RANGES);
            if (i % 97 == 0) {
                AckRanges ack = tracker.buildAck(i, Integer.MAX_VALUE);
                assertThat(ack.largest()).isEqualTo(oracle.last());
                for (int k = 0; k < ack.ranges().size(); k++) {
                    AckRange r = ack.ranges().get(k);
                    assertThat(oracle.subSet(r.smallest(), true, r.largest(), true))
                            .hasSize((int) (r.largest() - r.smallest() + 1));
                    if (k > 0) {
                        assertThat(r.largest()).as("separated by a gap").isLessThan(ack.ranges().get(k - 1).smallest() - 1);
                    }
                }
            }
        }
    }

    @Test
    void ackDelayIsMeasuredFromTheArrivalOfTheLargest() {
        AckTracker tracker = new AckTracker(10, 25 * MS);
        tracker.onPacketReceived(5, true, 100);
        tracker.onPacketReceived(3, true, 400); // older number, later: does not move the reference
        assertThat(tracker.buildAck(1_000, 10).ackDelayNanos()).isEqualTo(900);
        tracker.onPacketReceived(6, true, 2_000);
        assertThat(tracker.buildAck(2_500, 10).ackDelayNanos()).isEqualTo(500);
        assertThat(tracker.buildAck(1_000, 10).ackDelayNanos()).as("never negative").isZero();
    }

    @Test
    void ackIsDueAfterBatchSizeAckElicitingPackets() {
        AckTracker tracker = new AckTracker(2, 25 * MS);
        assertThat(tracker.ackDue(0)).isFalse();
        assertThat(tracker.hasUnacknowledged()).isFalse();
        assertThat(tracker.ackDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
        tracker.onPacketReceived(0, true, 1000);
        assertThat(tracker.hasUnacknowledged()).isTrue();
        assertThat(tracker.ackDue(1000)).isFalse();
        assertThat(tracker.ackDeadlineNanos()).isEqualTo(1000 + 25 * MS);
        tracker.onPacketReceived(1, true, 2000);
        assertThat(tracker.ackDue(2000)).isTrue();
        assertThat(tracker.ackDeadlineNanos()).isEqualTo(1000);
        tracker.onAckSent(0);
        assertThat(tracker.ackDue(2000)).isFalse();
        assertThat(tracker.hasUnacknowledged()).isFalse();
        assertThat(tracker.ackDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
        // ranges survive sending an ACK (they are repeated until acknowledged)
        assertThat(tracker.buildAck(3000, 10).ranges()).containsExactly(new AckRange(0, 1));
    }

    @Test
    void ackIsDueAtMaxAckDelayAfterTheFirstUnacknowledged() {
        AckTracker tracker = new AckTracker(10, 25 * MS);
        tracker.onPacketReceived(0, true, 1000);
        tracker.onPacketReceived(1, true, 5 * MS);
        assertThat(tracker.ackDeadlineNanos()).isEqualTo(1000 + 25 * MS);
        assertThat(tracker.ackDue(1000 + 25 * MS - 1)).isFalse();
        assertThat(tracker.ackDue(1000 + 25 * MS)).isTrue();
    }

    @Test
    void outOfOrderArrivalMakesAnAckDueAtOnce() {
        AckTracker tracker = new AckTracker(10, 25 * MS);
        tracker.onPacketReceived(0, true, 0);
        tracker.onPacketReceived(2, true, 10); // 1 missing
        assertThat(tracker.ackDue(10)).isTrue();
        assertThat(tracker.ackDeadlineNanos()).isZero();
        tracker.onAckSent(0);
        tracker.onPacketReceived(1, true, 20); // fills the gap: also not the next expected number
        assertThat(tracker.ackDue(20)).isTrue();
        tracker.onAckSent(1);
        tracker.onPacketReceived(3, true, 30); // in order again
        assertThat(tracker.ackDue(30)).isFalse();
    }

    @Test
    void nonAckElicitingPacketsNeverMakeAnAckDue() {
        AckTracker tracker = new AckTracker(1, 0);
        tracker.onPacketReceived(0, false, 0);
        tracker.onPacketReceived(5, false, 0); // out of order, but not ack-eliciting
        assertThat(tracker.ackDue(Long.MAX_VALUE / 2)).isFalse();
        assertThat(tracker.hasUnacknowledged()).isFalse();
        assertThat(tracker.ackDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
        // but they are acknowledged along with the next ACK
        tracker.onPacketReceived(6, true, 1);
        assertThat(tracker.ackDue(1)).isTrue();
        assertThat(tracker.buildAck(1, 10).ranges()).containsExactly(new AckRange(5, 6), new AckRange(0, 0));
    }

    @Test
    void ackOfAckForgetsRangesAtOrBelowIt() {
        AckTracker tracker = new AckTracker(1, 0);
        for (long pn : new long[] {0, 1, 2, 5, 6, 7, 8, 12, 20}) {
            tracker.onPacketReceived(pn, true, 0);
        }
        tracker.onAckOfAckReceived(6); // drops 0-2, trims 5-8 to 7-8
        assertThat(tracker.buildAck(0, 10).ranges()).containsExactly(new AckRange(20, 20), new AckRange(12, 12),
                new AckRange(7, 8));
        tracker.onAckOfAckReceived(100); // keeps one range so that an ACK can still be built
        assertThat(tracker.buildAck(0, 10).ranges()).containsExactly(new AckRange(20, 20));
        tracker.onPacketReceived(21, true, 0);
        assertThat(tracker.buildAck(0, 10).ranges()).containsExactly(new AckRange(20, 21));
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> new AckTracker(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AckTracker(1, -1)).isInstanceOf(IllegalArgumentException.class);
        AckTracker empty = new AckTracker(1, 0);
        assertThat(empty.largestReceived()).isEqualTo(-1);
        assertThat(empty.rangeCount()).isZero();
        assertThatThrownBy(() -> empty.buildAck(0, 1)).isInstanceOf(IllegalStateException.class);
    }
}
