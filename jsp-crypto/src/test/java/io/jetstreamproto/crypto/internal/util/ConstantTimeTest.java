package io.jetstreamproto.crypto.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * SR-40: the semantics of the constant-time helper every MAC/tag/token comparison uses (the hygiene test
 * {@code ConstantTimeUsageTest} checks that nothing else compares such values).
 */
class ConstantTimeTest {

    @Test
    void wholeArrays() {
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
        assertThat(ConstantTime.equals(new byte[0], new byte[0])).isTrue();
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {0, 2, 3}, new byte[] {1, 2, 3})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2, 3})).as("length mismatch").isFalse();
        assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
    }

    @Test
    void nullEqualsNothing() {
        assertThat(ConstantTime.equals(null, new byte[0])).isFalse();
        assertThat(ConstantTime.equals(new byte[0], null)).isFalse();
        assertThat(ConstantTime.equals(null, null)).as("a missing MAC never matches a missing expected MAC").isFalse();
        assertThat(ConstantTime.equals(null, 0, new byte[1], 0, 0)).isFalse();
    }

    @Test
    void everySingleBitDifferenceIsSeen() {
        byte[] a = new byte[32];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) (i * 37);
        }
        for (int bit = 0; bit < a.length * 8; bit++) {
            byte[] b = a.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(ConstantTime.equals(a, b)).as("bit %d", bit).isFalse();
            assertThat(ConstantTime.equals(a, 0, b, 0, a.length)).as("bit %d", bit).isFalse();
        }
        assertThat(ConstantTime.equals(a, a.clone())).isTrue();
    }

    @Test
    void regions() {
        byte[] a = {9, 1, 2, 3};
        byte[] b = {1, 2, 3, 7};
        assertThat(ConstantTime.equals(a, 1, b, 0, 3)).isTrue();
        assertThat(ConstantTime.equals(a, 0, b, 0, 3)).isFalse();
        assertThat(ConstantTime.equals(a, 1, b, 0, 4)).as("region past the end of a").isFalse();
        assertThat(ConstantTime.equals(a, 2, b, 0, 0)).as("empty regions are equal").isTrue();
    }

    @Test
    void outOfRangeRegionsCompareUnequalInsteadOfThrowing() {
        byte[] a = new byte[4];
        assertThat(ConstantTime.equals(a, -1, a, 0, 1)).isFalse();
        assertThat(ConstantTime.equals(a, 0, a, -1, 1)).isFalse();
        assertThat(ConstantTime.equals(a, 0, a, 0, -1)).isFalse();
        assertThat(ConstantTime.equals(a, 3, a, 0, 2)).isFalse();
        assertThat(ConstantTime.equals(a, 0, a, 3, 2)).isFalse();
        assertThat(ConstantTime.equals(a, Integer.MAX_VALUE, a, 0, 1)).isFalse();
        assertThat(ConstantTime.equals(a, 0, a, 0, Integer.MAX_VALUE)).isFalse();
    }
}
