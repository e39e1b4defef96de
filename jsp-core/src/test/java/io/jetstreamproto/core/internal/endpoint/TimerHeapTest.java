package io.jetstreamproto.core.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The indexed heap against a sorted-map oracle under random inserts, re-arms (earlier and later) and removals. */
class TimerHeapTest {
    private static EndpointConnection node() {
        return new EndpointConnection(null, null, null);
    }

    @Test
    void behavesLikeASortedMultimapUnderRandomOperations() {
        Random r = new Random(5);
        TimerHeap heap = new TimerHeap();
        List<EndpointConnection> nodes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            nodes.add(node());
        }
        long[] oracle = new long[nodes.size()];
        java.util.Arrays.fill(oracle, Long.MAX_VALUE);
        for (int step = 0; step < 200_000; step++) {
            int i = r.nextInt(nodes.size());
            long deadline = r.nextInt(10) == 0 ? Long.MAX_VALUE : r.nextInt(1_000_000);
            heap.update(nodes.get(i), deadline);
            oracle[i] = deadline;
            if (step % 97 == 0) {
                int j = r.nextInt(nodes.size());
                heap.remove(nodes.get(j));
                oracle[j] = Long.MAX_VALUE;
            }
            TreeMap<Long, Integer> counts = new TreeMap<>();
            int armed = 0;
            for (long d : oracle) {
                if (d != Long.MAX_VALUE) {
                    armed++;
                    counts.merge(d, 1, Integer::sum);
                }
            }
            assertThat(heap.size()).isEqualTo(armed);
            EndpointConnection top = heap.peek();
            if (armed == 0) {
                assertThat(top).isNull();
            } else {
                assertThat(top.deadline).isEqualTo(counts.firstKey());
            }
        }
    }

    @Test
    void drainingPopsInDeadlineOrder() {
        Random r = new Random(9);
        TimerHeap heap = new TimerHeap();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long d = r.nextLong() >>> 2;
            heap.update(node(), d);
            expected.add(d);
        }
        expected.sort(null);
        List<Long> popped = new ArrayList<>();
        for (EndpointConnection c = heap.peek(); c != null; c = heap.peek()) {
            popped.add(c.deadline);
            heap.remove(c);
            assertThat(c.heapIndex).isEqualTo(-1);
        }
        assertThat(popped).isEqualTo(expected);
    }
}
