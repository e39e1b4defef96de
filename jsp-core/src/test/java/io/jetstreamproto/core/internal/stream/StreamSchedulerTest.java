package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jetstreamproto.core.internal.Priority;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamSchedulerTest {
    /** Runs {@code sends} decisions, each sending a random fragment of 1..1200 bytes; returns bytes per stream. */
    private static Map<Long, Long> run(StreamScheduler scheduler, long seed, int sends) {
        Random random = new Random(seed);
        Map<Long, Long> bytes = new HashMap<>();
        for (int i = 0; i < sends; i++) {
            long id = scheduler.next();
            int size = 1 + random.nextInt(1200);
            scheduler.charge(id, size);
            bytes.merge(id, (long) size, Long::sum);
        }
        return bytes;
    }

    @Test
    void systemAndBulkShareEightToOne() {
        StreamScheduler scheduler = new StreamScheduler();
        scheduler.setActive(1, Priority.BULK, true);
        scheduler.setActive(2, Priority.SYSTEM, true);
        Map<Long, Long> bytes = run(scheduler, 11, 90_000);
        assertThat((double) bytes.get(2L) / bytes.get(1L)).as("seed 11").isCloseTo(8.0, within(0.08));
    }

    @Test
    void allFourPrioritiesShareEightFourTwoOne() {
        StreamScheduler scheduler = new StreamScheduler();
        Priority[] priorities = Priority.values();
        for (int i = 0; i < priorities.length; i++) {
            scheduler.setActive(i, priorities[i], true);
        }
        Map<Long, Long> bytes = run(scheduler, 12, 150_000);
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        for (int i = 0; i < priorities.length; i++) {
            double share = (double) bytes.get((long) i) / total;
            assertThat(share).as("seed 12: share of " + priorities[i])
                    .isCloseTo(priorities[i].weight() / 15.0, within(0.01 * priorities[i].weight() / 15.0 + 0.002));
        }
    }

    @Test
    void streamsOfEqualPriorityTakeTurns() {
        StreamScheduler scheduler = new StreamScheduler(100);
        for (long id = 10; id < 13; id++) {
            scheduler.setActive(id, Priority.CHAT, true);
        }
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long id = scheduler.next();
            order.add(id);
            scheduler.charge(id, 200); // one CHAT quantum
        }
        assertThat(order).containsExactly(10L, 11L, 12L, 10L, 11L, 12L);
    }

    @Test
    void aLowPriorityStreamIsNeverStarved() {
        StreamScheduler scheduler = new StreamScheduler(1200);
        scheduler.setActive(1, Priority.BULK, true);
        for (long id = 2; id < 12; id++) {
            scheduler.setActive(id, Priority.SYSTEM, true);
        }
        int sinceBulk = 0;
        int longestWait = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = scheduler.next();
            scheduler.charge(id, 1200);
            sinceBulk = id == 1 ? 0 : sinceBulk + 1;
            longestWait = Math.max(longestWait, sinceBulk);
        }
        assertThat(longestWait).as("one round: 10 SYSTEM streams × 8 quanta").isLessThanOrEqualTo(80);
    }

    @Test
    void idleStreamsLeaveAndDoNotBankCredit() {
        StreamScheduler scheduler = new StreamScheduler(100);
        assertThat(scheduler.next()).isEqualTo(-1);
        scheduler.setActive(1, Priority.BULK, true);
        scheduler.setActive(2, Priority.BULK, true);
        assertThat(scheduler.activeCount()).isEqualTo(2);
        scheduler.setActive(1, Priority.BULK, false);
        for (int i = 0; i < 5; i++) {
            assertThat(scheduler.next()).isEqualTo(2);
            scheduler.charge(2, 100);
        }
        scheduler.setActive(1, Priority.BULK, true);
        long first = scheduler.next();
        scheduler.charge(first, 100);
        long second = scheduler.next();
        scheduler.charge(second, 100);
        assertThat(List.of(first, second)).containsExactlyInAnyOrder(1L, 2L);
        scheduler.remove(1);
        scheduler.remove(2);
        scheduler.charge(2, 10); // unknown streams are ignored
        assertThat(scheduler.isEmpty()).isTrue();
        assertThat(scheduler.next()).isEqualTo(-1);
    }

    @Test
    void aPriorityChangeAppliesToTheNextQuantum() {
        StreamScheduler scheduler = new StreamScheduler(100);
        scheduler.setActive(1, Priority.BULK, true);
        scheduler.setActive(2, Priority.BULK, true);
        scheduler.setActive(1, Priority.SYSTEM, true);
        Map<Long, Long> bytes = run(scheduler, 13, 40_000);
        assertThat((double) bytes.get(1L) / bytes.get(2L)).as("seed 13").isCloseTo(8.0, within(0.2));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new StreamScheduler(0)).isInstanceOf(IllegalArgumentException.class);
        StreamScheduler scheduler = new StreamScheduler();
        assertThatThrownBy(() -> scheduler.charge(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.setActive(1, null, true)).isInstanceOf(NullPointerException.class);
    }
}
