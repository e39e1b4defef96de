package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReedSolomonErasureCode} computes exactly the code that docs/fec-wire.md specifies, checked against an
 * independent from-the-spec implementation written here, plus caching.
 */
class ReedSolomonErasureCodeTest {

    // ---- Reference implementation of docs/fec-wire.md section "The erasure code", deliberately naive. ----

    /** Multiplication in GF(2^8) reduced by x^8 + x^4 + x^3 + x^2 + 1 (0x11D). */
    static int gfMul(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>= 1;
        }
        return r;
    }

    static int gfPow(int a, int n) {
        int r = 1; // a^0 = 1, including 0^0
        for (int i = 0; i < n; i++) {
            r = gfMul(r, a);
        }
        return r;
    }

    static int gfInv(int a) {
        for (int b = 1; b < 256; b++) {
            if (gfMul(a, b) == 1) {
                return b;
            }
        }
        throw new ArithmeticException("no inverse of " + a);
    }

    /** Gauss-Jordan inversion over GF(2^8). */
    static int[][] invert(int[][] matrix) {
        int n = matrix.length;
        int[][] a = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(matrix[r], 0, a[r], 0, n);
            a[r][n + r] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            while (a[pivot][c] == 0) {
                pivot++;
            }
            int[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            int inv = gfInv(a[c][c]);
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] = gfMul(a[c][j], inv);
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    int f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] ^= gfMul(f, a[c][j]);
                    }
                }
            }
        }
        int[][] inverse = new int[n][n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(a[r], n, inverse[r], 0, n);
        }
        return inverse;
    }

    /** E = V * inverse(V[0..k-1]) with V[r][c] = r^c; returns the m parity rows. */
    static int[][] parityRows(int k, int m) {
        int[][] v = new int[k + m][k];
        for (int r = 0; r < k + m; r++) {
            for (int c = 0; c < k; c++) {
                v[r][c] = gfPow(r, c);
            }
        }
        int[][] top = new int[k][];
        System.arraycopy(v, 0, top, 0, k);
        int[][] topInverse = invert(top);
        int[][] rows = new int[m][k];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < k; c++) {
                int sum = 0;
                for (int j = 0; j < k; j++) {
                    sum ^= gfMul(v[k + i][j], topInverse[j][c]);
                }
                rows[i][c] = sum;
            }
        }
        return rows;
    }

    static byte[][] referenceParity(byte[][] data, int m) {
        int k = data.length;
        int size = data[0].length;
        int[][] rows = parityRows(k, m);
        byte[][] parity = new byte[m][size];
        for (int i = 0; i < m; i++) {
            for (int b = 0; b < size; b++) {
                int sum = 0;
                for (int j = 0; j < k; j++) {
                    sum ^= gfMul(rows[i][j], data[j][b] & 0xFF);
                }
                parity[i][b] = (byte) sum;
            }
        }
        return parity;
    }

    // ---- Tests ----

    @Test
    void parityMatchesTheSpecifiedCode() {
        long seed = 0x5EED_0101L;
        Random random = new Random(seed);
        int[][] shapes = {{1, 1}, {1, 3}, {2, 1}, {3, 2}, {10, 2}, {10, 9}, {17, 5}, {40, 24}, {64, 64}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int m = shape[1];
            int size = 1 + random.nextInt(64);
            byte[][] shards = new byte[k + m][size];
            for (int i = 0; i < k; i++) {
                random.nextBytes(shards[i]);
            }
            ErasureCode.reedSolomon(k, m).encodeParity(shards, 0, size);
            byte[][] expected = referenceParity(Arrays.copyOf(shards, k), m);
            for (int i = 0; i < m; i++) {
                assertThat(shards[k + i]).as("seed=%d k=%d m=%d parity %d", seed, k, m, i).isEqualTo(expected[i]);
            }
        }
    }

    /** For k = 1 the code degenerates to repetition: every parity shard equals the data shard. */
    @Test
    void singleDataShardParityIsACopy() {
        byte[][] shards = {{1, 2, 3, (byte) 0xFF}, new byte[4], new byte[4]};
        ErasureCode.reedSolomon(1, 2).encodeParity(shards, 0, 4);
        assertThat(shards[1]).isEqualTo(shards[0]);
        assertThat(shards[2]).isEqualTo(shards[0]);
    }

    /** The test vector printed in docs/fec-wire.md. */
    @Test
    void documentedTestVector() {
        HexFormat hex = HexFormat.of();
        byte[][] shards = {
            hex.parseHex("0003010203"), hex.parseHex("0001040000"), hex.parseHex("0002050600"),
            new byte[5], new byte[5]};
        ErasureCode.reedSolomon(3, 2).encodeParity(shards, 0, 5);
        assertThat(hex.formatHex(shards[3])).isEqualTo(VECTOR_PARITY_0);
        assertThat(hex.formatHex(shards[4])).isEqualTo(VECTOR_PARITY_1);
    }

    /** The (10, 2) parity rows printed in docs/fec-wire.md. */
    @Test
    void documentedParityRowsFor10Plus2() {
        assertThat(parityRows(10, 2)).isDeepEqualTo(new int[][] {
            {0x81, 0x96, 0xaf, 0xb8, 0xd2, 0xc4, 0xfe, 0xe8, 0x03, 0x02},
            {0x96, 0x81, 0xb8, 0xaf, 0xc4, 0xd2, 0xe8, 0xfe, 0x02, 0x03}});
        assertThat(parityRows(3, 2)).isDeepEqualTo(new int[][] {{0x01, 0x01, 0x01}, {0x0f, 0x08, 0x06}});
    }

    static final String VECTOR_PARITY_0 = "0000000403";
    static final String VECTOR_PARITY_1 = "0015310a11";

    @Test
    void codesAreCachedAndTheCacheIsBounded() {
        ErasureCode a = ErasureCode.reedSolomon(10, 2);
        assertThat(ErasureCode.reedSolomon(10, 2)).isSameAs(a);
        assertThat(a).isInstanceOf(ReedSolomonErasureCode.class);
        assertThat(a.toString()).isEqualTo("ReedSolomon(10, 2)");
        for (int k = 1; k <= 40; k++) {
            for (int m = 1; m <= 6; m++) {
                ErasureCode code = ErasureCode.reedSolomon(k, m);
                assertThat(code.dataShards()).isEqualTo(k);
                assertThat(code.parityShards()).isEqualTo(m);
            }
        }
        assertThat(ReedSolomonErasureCode.cacheSize()).isLessThanOrEqualTo(128);
        // Large shapes weigh up to 65 KB each (56 of them about 3 MB): the 2 MiB budget must still hold.
        for (int k = 200; k <= 255; k++) {
            ErasureCode.reedSolomon(k, 1);
        }
        assertThat(ReedSolomonErasureCode.cacheSize()).isLessThan(56).isGreaterThan(0);
        assertThat(ReedSolomonErasureCode.cachedMatrixBytes()).isLessThanOrEqualTo(2L << 20).isGreaterThan(1L << 20);
    }
}
