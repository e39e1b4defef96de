package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {
    @Test
    void mergesAdjacentAndOverlappingRanges() {
        ByteRanges ranges = new ByteRanges();
        ranges.add(10, 20);
        ranges.add(30, 40);
        ranges.add(20, 25);
        ranges.add(5, 5);
        assertThat(ranges).hasToString("[[10, 25), [30, 40)]");
        ranges.add(24, 31);
        assertThat(ranges).hasToString("[[10, 40)]");
        assertThat(ranges.coveredBytes()).isEqualTo(30);
        ranges.remove(15, 20);
        ranges.remove(0, 11);
        ranges.remove(39, 100);
        assertThat(ranges).hasToString("[[11, 15), [20, 39)]");
        assertThat(ranges.containsAll(20, 39)).isTrue();
        assertThat(ranges.containsAll(14, 21)).isFalse();
    }

    @Test
    void addMissingSkipsExcludedOffsets() {
        ByteRanges acked = new ByteRanges();
        acked.add(10, 20);
        acked.add(30, 40);
        ByteRanges lost = new ByteRanges();
        lost.addMissing(0, 35, acked);
        assertThat(lost).hasToString("[[0, 10), [20, 30)]");
        ByteRanges none = new ByteRanges();
        none.addMissing(12, 18, acked);
        assertThat(none.isEmpty()).isTrue();
    }

    /** Random adds and removes against a BitSet model. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void matchesABitSetModel(long seed) {
        Random random = new Random(seed);
        ByteRanges ranges = new ByteRanges();
        ByteRanges excluded = new ByteRanges();
        BitSet model = new BitSet();
        BitSet excludedModel = new BitSet();
        for (int op = 0; op < 5000; op++) {
            int start = random.nextInt(500);
            int end = start + random.nextInt(40);
            switch (random.nextInt(4)) {
                case 0 -> {
                    ranges.add(start, end);
                    model.set(start, end);
                }
                case 1 -> {
                    ranges.remove(start, end);
                    model.clear(start, end);
                }
                case 2 -> {
                    excluded.add(start, end);
                    excludedModel.set(start, end);
                }
                default -> {
                    ranges.addMissing(start, end, excluded);
                    BitSet missing = new BitSet();
                    missing.set(start, end);
                    missing.andNot(excludedModel);
                    model.or(missing);
                }
            }
            assertThat(ranges.coveredBytes()).as("seed " + seed + " op " + op).isEqualTo(model.cardinality());
            assertThat(ranges.containsAll(start, end)).as("seed " + seed + " op " + op)
                    .isEqualTo(model.get(start, end).cardinality() == end - start);
        }
        BitSet fromRanges = new BitSet();
        for (int i = 0; i < ranges.rangeCount(); i++) {
            assertThat(ranges.start(i)).as("seed " + seed + ": sorted, disjoint, not adjacent")
                    .isGreaterThan(i == 0 ? -1 : ranges.end(i - 1));
            fromRanges.set((int) ranges.start(i), (int) ranges.end(i));
        }
        assertThat(fromRanges).as("seed " + seed).isEqualTo(model);
    }
}
