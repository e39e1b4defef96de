package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@link ErasureCode} contract, exercised through {@link ErasureCode#reedSolomon}. */
class ErasureCodeTest {

    private static byte[][] randomShards(Random random, int k, int m, int size) {
        byte[][] shards = new byte[k + m][size];
        for (int i = 0; i < k; i++) {
            random.nextBytes(shards[i]);
        }
        return shards;
    }

    private static byte[][] copy(byte[][] shards) {
        byte[][] copy = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            copy[i] = shards[i].clone();
        }
        return copy;
    }

    @Test
    void factoryRejectsBadShapesNamingTheArgument() {
        assertThatThrownBy(() -> ErasureCode.reedSolomon(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataShards");
        assertThatThrownBy(() -> ErasureCode.reedSolomon(-3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataShards");
        assertThatThrownBy(() -> ErasureCode.reedSolomon(256, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataShards");
        assertThatThrownBy(() -> ErasureCode.reedSolomon(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parityShards");
        assertThatThrownBy(() -> ErasureCode.reedSolomon(200, 57)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parityShards");
        assertThat(ErasureCode.reedSolomon(255, 1).parityShards()).isEqualTo(1);
        assertThat(ErasureCode.reedSolomon(1, 255).dataShards()).isEqualTo(1);
    }

    /** Every combination of up to m missing shards is rebuilt, for every small shape. */
    @Test
    void reconstructsEveryCombinationOfUpToMMissingShards() {
        long seed = 0x5EED_0001L;
        Random random = new Random(seed);
        for (int k = 1; k <= 6; k++) {
            for (int m = 1; m <= 4; m++) {
                ErasureCode code = ErasureCode.reedSolomon(k, m);
                int n = k + m;
                byte[][] original = randomShards(random, k, m, 17);
                code.encodeParity(original, 0, 17);
                for (int mask = 0; mask < 1 << n; mask++) {
                    int missing = Integer.bitCount(mask);
                    byte[][] shards = copy(original);
                    boolean[] present = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        present[i] = (mask & (1 << i)) == 0;
                        if (!present[i]) {
                            Arrays.fill(shards[i], (byte) 0x5A); // garbage that must be overwritten
                        }
                    }
                    byte[][] before = copy(shards);
                    boolean ok = code.reconstruct(shards, present, 0, 17);
                    String where = "seed=" + seed + " k=" + k + " m=" + m + " missing mask=" + Integer.toBinaryString(mask);
                    if (missing <= m) {
                        assertThat(ok).as(where).isTrue();
                        assertThat(shards).as(where).isDeepEqualTo(original);
                    } else {
                        assertThat(ok).as(where).isFalse();
                        assertThat(shards).as(where + ": untouched").isDeepEqualTo(before);
                    }
                }
            }
        }
    }

    @Test
    void reconstructsRandomLossesIn10Plus2WithinTheCodedRange() {
        long seed = 0x5EED_0002L;
        Random random = new Random(seed);
        ErasureCode code = ErasureCode.reedSolomon(10, 2);
        for (int trial = 0; trial < 2000; trial++) {
            int size = 1 + random.nextInt(300);
            int offset = random.nextInt(size);
            int length = random.nextInt(size - offset + 1);
            byte[][] original = randomShards(random, 10, 2, size);
            for (int j = 10; j < 12; j++) {
                random.nextBytes(original[j]); // bytes outside [offset, offset + length) must survive
            }
            code.encodeParity(original, offset, length);
            byte[][] shards = copy(original);
            boolean[] present = new boolean[12];
            Arrays.fill(present, true);
            int lost = random.nextInt(4); // 0..3
            for (int l = 0; l < lost; l++) {
                int i = random.nextInt(12);
                present[i] = false;
                Arrays.fill(shards[i], offset, offset + length, (byte) 0);
            }
            int missing = 0;
            for (boolean p : present) {
                missing += p ? 0 : 1;
            }
            String where = "seed=" + seed + " trial=" + trial + " missing=" + missing;
            boolean ok = code.reconstruct(shards, present, offset, length);
            assertThat(ok).as(where).isEqualTo(missing <= 2);
            if (ok) {
                assertThat(shards).as(where).isDeepEqualTo(original);
            }
        }
    }

    @Test
    void allPresentIsANoOp() {
        ErasureCode code = ErasureCode.reedSolomon(3, 2);
        byte[][] shards = randomShards(new Random(7), 3, 2, 8);
        code.encodeParity(shards, 0, 8);
        byte[][] before = copy(shards);
        boolean[] present = {true, true, true, true, true};
        assertThat(code.reconstruct(shards, present, 0, 8)).isTrue();
        assertThat(shards).isDeepEqualTo(before);
    }

    @Test
    void rejectsMisshapenArguments() {
        ErasureCode code = ErasureCode.reedSolomon(3, 2);
        boolean[] present = {true, true, true, true, true};
        assertThatThrownBy(() -> code.encodeParity(new byte[4][8], 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 entries");
        byte[][] withNull = new byte[5][8];
        withNull[3] = null;
        assertThatThrownBy(() -> code.encodeParity(withNull, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shards[3]");
        byte[][] uneven = new byte[5][8];
        uneven[4] = new byte[9];
        assertThatThrownBy(() -> code.encodeParity(uneven, 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same length");
        assertThatThrownBy(() -> code.encodeParity(new byte[5][8], 4, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> code.encodeParity(new byte[5][8], -1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> code.reconstruct(new byte[5][8], new boolean[4], 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("present");
        assertThatThrownBy(() -> code.reconstruct(new byte[5][8], present, 0, 9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }
}
