package io.jetstreamproto.fec.internal.rs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The vendored field and matrix arithmetic, with the expected values of Backblaze's own tests (GaloisTest, MatrixTest;
 * computed by their java_tables.py). The coder itself is covered through ErasureCode by the jsp-fec tests and their
 * documented vectors.
 */
class GaloisAndMatrixTest {

    @Test
    void tablesAreTheOnesThePolynomialGenerates() {
        short[] log = Galois.generateLogTable(Galois.GENERATING_POLYNOMIAL);
        assertThat(Galois.LOG_TABLE).isEqualTo(log);
        assertThat(Galois.EXP_TABLE).isEqualTo(Galois.generateExpTable(log));
        byte[][] table = Galois.generateMultiplicationTable();
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertThat(Galois.MULTIPLICATION_TABLE[a][b]).isEqualTo(table[a][b])
                        .isEqualTo(Galois.multiply((byte) a, (byte) b));
            }
        }
    }

    @Test
    void fieldAxioms() {
        for (int i = 0; i < 256; i++) {
            byte a = (byte) i;
            assertThat(Galois.multiply(a, (byte) 1)).isEqualTo(a);
            assertThat(Galois.multiply(a, (byte) 0)).isEqualTo((byte) 0);
            if (a != 0) {
                assertThat(Galois.multiply(a, Galois.divide((byte) 1, a))).as("inverse of " + i).isEqualTo((byte) 1);
            }
            for (int j = 0; j < 256; j += 7) {
                byte b = (byte) j;
                assertThat(Galois.multiply(a, b)).isEqualTo(Galois.multiply(b, a));
                for (int k = 0; k < 256; k += 13) {
                    byte c = (byte) k;
                    assertThat(Galois.multiply(a, (byte) (b ^ c)))
                            .isEqualTo((byte) (Galois.multiply(a, b) ^ Galois.multiply(a, c)));
                    assertThat(Galois.multiply(a, Galois.multiply(b, c)))
                            .isEqualTo(Galois.multiply(Galois.multiply(a, b), c));
                }
            }
        }
    }

    @Test
    void exponentsAreRepeatedMultiplication() {
        for (int i = 0; i < 256; i++) {
            byte a = (byte) i;
            byte power = 1;
            for (int n = 0; n < 300; n++) {
                assertThat(Galois.exp(a, n)).as(i + "^" + n).isEqualTo(power);
                power = Galois.multiply(power, a);
            }
        }
    }

    @Test
    void backblazesExpectedValues() {
        assertThat(Galois.multiply((byte) 3, (byte) 4)).isEqualTo((byte) 12);
        assertThat(Galois.multiply((byte) 7, (byte) 7)).isEqualTo((byte) 21);
        assertThat(Galois.multiply((byte) 23, (byte) 45)).isEqualTo((byte) 41);
        assertThat(Galois.exp((byte) 2, 2)).isEqualTo((byte) 4);
        assertThat(Galois.exp((byte) 5, 20)).isEqualTo((byte) 235);
        assertThat(Galois.exp((byte) 13, 7)).isEqualTo((byte) 43);
        assertThatThrownBy(() -> Galois.divide((byte) 1, (byte) 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matrixProductAndInverse() {
        assertThat(Matrix.identity(3)).hasToString("[[1, 0, 0], [0, 1, 0], [0, 0, 1]]");
        Matrix m1 = new Matrix(new byte[][] {{1, 2}, {3, 4}});
        Matrix m2 = new Matrix(new byte[][] {{5, 6}, {7, 8}});
        assertThat(m1.times(m2)).hasToString("[[11, 22], [19, 42]]");

        Matrix m = new Matrix(new byte[][] {{56, 23, 98}, {3, 100, (byte) 200}, {45, (byte) 201, 123}});
        assertThat(m.invert()).hasToString("[[175, 133, 33], [130, 13, 245], [112, 35, 126]]");
        assertThat(m.times(m.invert())).hasToString(Matrix.identity(3).toString());

        Matrix swapped = new Matrix(new byte[][] {
            {1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {7, 7, 6, 6, 1}});
        assertThat(swapped.invert()).hasToString("[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [123, 123, 1, 122, 122],"
                + " [0, 0, 1, 0, 0], [0, 0, 0, 1, 0]]");
        assertThat(new Matrix(new byte[][] {{1, 2}, {1, 2}})).satisfies(singular ->
                assertThatThrownBy(singular::invert).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("singular"));
    }
}
