package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveParityControllerTest {

    /** The brief's formula, literally: [sum_{L=1..m} P(L) L k / n] / (k p) with P(L) binomial(n, p). */
    private static double literalFormula(int k, int m, double p) {
        int n = k + m;
        double sum = 0;
        for (int losses = 1; losses <= m; losses++) {
            double choose = 1;
            for (int i = 0; i < losses; i++) {
                choose = choose * (n - i) / (i + 1);
            }
            double probability = choose * Math.pow(p, losses) * Math.pow(1 - p, n - losses);
            sum += probability * losses * k / n;
        }
        return sum / (k * p);
    }

    @Test
    void expectedRecoveredFractionForTheDefault10Plus2() {
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, 2, 0.05)).isCloseTo(0.8981, within(1e-4));
        // The original's "handles 20% loss" claim: at 20% fixed 10 + 2 recovers about a third of lost packets.
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, 2, 0.20)).isCloseTo(0.3221, within(1e-4));
        // Even at its nominal capacity of 2 in 12 (16.7%) it recovers under half.
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, 2, 2.0 / 12)).isLessThan(0.5);
    }

    @Test
    void matchesTheLiteralBinomialFormulaOverAGrid() {
        for (int k : new int[] {1, 2, 5, 10, 32, 100}) {
            for (int m : new int[] {1, 2, 3, 7, 20}) {
                if (k + m > 256) {
                    continue;
                }
                for (double p : new double[] {1e-4, 0.001, 0.01, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8}) {
                    assertThat(AdaptiveParityController.expectedRecoveredFraction(k, m, p))
                            .as("k=%d m=%d p=%f", k, m, p).isCloseTo(literalFormula(k, m, p), within(1e-9));
                }
            }
        }
    }

    @Test
    void agreesWithASimulationOfTheModel() {
        long seed = 0x5EED_0601L;
        Random random = new Random(seed);
        int k = 8;
        int m = 3;
        double p = 0.1;
        long lost = 0;
        long recovered = 0;
        for (int g = 0; g < 200_000; g++) {
            int data = 0;
            int total = 0;
            for (int i = 0; i < k + m; i++) {
                if (random.nextDouble() < p) {
                    total++;
                    data += i < k ? 1 : 0;
                }
            }
            lost += data;
            recovered += total <= m ? data : 0;
        }
        // About 160,000 lost data packets: the fraction's standard error is about 0.001.
        assertThat((double) recovered / lost).as("seed=%d", seed)
                .isCloseTo(AdaptiveParityController.expectedRecoveredFraction(k, m, p), within(0.005));
    }

    @Test
    void edgeCasesAndMonotonicity() {
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, 2, 0)).isEqualTo(1.0);
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, 0, 0.3)).isZero();
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, 2, 1)).isZero();
        // n = 256, p close to 1: naive powers underflow; the log-space sum must not.
        assertThat(AdaptiveParityController.expectedRecoveredFraction(1, 255, 0.95))
                .isCloseTo(1 - Math.pow(0.95, 255), within(1e-9));
        for (double p = 0.01; p < 0.6; p += 0.01) {
            double previous = -1;
            for (int m = 0; m <= 30; m++) {
                double fraction = AdaptiveParityController.expectedRecoveredFraction(10, m, p);
                assertThat(fraction).as("p=%f m=%d", p, m).isBetween(0.0, 1.0)
                        .isGreaterThanOrEqualTo(previous - 1e-12); // rounding near 1.0
                assertThat(fraction).isGreaterThanOrEqualTo(
                        AdaptiveParityController.expectedRecoveredFraction(10, m, p + 0.01) - 1e-12);
                previous = fraction;
            }
        }
        assertThatThrownBy(() -> AdaptiveParityController.expectedRecoveredFraction(0, 2, 0.1))
                .hasMessageContaining("dataShards");
        assertThatThrownBy(() -> AdaptiveParityController.expectedRecoveredFraction(1, -1, 0.1))
                .hasMessageContaining("parityShards");
        assertThatThrownBy(() -> AdaptiveParityController.expectedRecoveredFraction(1, 1, Double.NaN))
                .hasMessageContaining("lossRate");
        assertThatThrownBy(() -> AdaptiveParityController.expectedRecoveredFraction(1, 1, 1.5))
                .hasMessageContaining("lossRate");
    }

    @Test
    void parityShardsForPicksTheSmallestSufficientM() {
        // k = 10 at 20%: m = 8 gives 0.9891, m = 9 gives 0.9957.
        assertThat(AdaptiveParityController.parityShardsFor(10, 20, 0.20, 0.99)).isEqualTo(9);
        assertThat(AdaptiveParityController.parityShardsFor(10, 20, 0.05, 0.99)).isEqualTo(4);
        assertThat(AdaptiveParityController.parityShardsFor(10, 5, 0.20, 0.99)).isEqualTo(5); // capped
        assertThat(AdaptiveParityController.parityShardsFor(10, 20, 0.0, 0.99)).isZero();
        for (double p = 0.001; p < 0.4; p += 0.003) {
            int m = AdaptiveParityController.parityShardsFor(10, 40, p, 0.99);
            assertThat(AdaptiveParityController.expectedRecoveredFraction(10, m, p)).as("p=%f", p)
                    .isGreaterThanOrEqualTo(0.99);
            assertThat(AdaptiveParityController.expectedRecoveredFraction(10, m - 1, p)).as("p=%f", p)
                    .isLessThan(0.99);
        }
    }

    @Test
    void noParityBeforeAnySampleOrBelowTheThreshold() {
        AdaptiveParityController controller = new AdaptiveParityController(10, 16);
        assertThat(controller.parityShards()).isZero();
        assertThat(controller.lossRateEstimate()).isZero();
        controller.onLossSample(0, 0); // ignored
        assertThat(controller.parityShards()).isZero();
        for (int i = 0; i < 100; i++) {
            controller.onLossSample(1000, i % 20 == 0 ? 1 : 0); // 0.005% loss
        }
        assertThat(controller.lossRateEstimate()).isLessThan(0.001);
        assertThat(controller.parityShards()).isZero();
        controller.onLossSample(1000, 0);
        assertThat(controller.parityShards()).isZero();
    }

    @Test
    void steadyLossPlansForTheUpperConfidenceBound() {
        AdaptiveParityController controller = new AdaptiveParityController(10, 20);
        for (int i = 0; i < 200; i++) {
            controller.onLossSample(100, 20);
        }
        assertThat(controller.lossRateEstimate()).isCloseTo(0.20, within(1e-9));
        // With 100-packet samples the weighted count converges to 100 / (1 - 0.999^100) = 1050.4 packets (about
        // the 1000-packet window), so the planning rate is 0.2 + 2 * sqrt(0.16 / 1050.4) = 0.2247.
        double weight = 100 / (1 - Math.pow(0.999, 100));
        assertThat(controller.planningLossRate()).isCloseTo(0.2 + 2 * Math.sqrt(0.16 / weight), within(1e-6))
                .isCloseTo(0.2247, within(1e-4));
        int m = controller.parityShards();
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, m, controller.planningLossRate()))
                .isGreaterThanOrEqualTo(0.99);
        assertThat(AdaptiveParityController.expectedRecoveredFraction(10, m - 1, controller.planningLossRate()))
                .isLessThan(0.99);
        assertThat(m).isBetween(9, 10);
    }

    @Test
    void theEstimateFollowsChangesOverAboutOneWindow() {
        AdaptiveParityController controller = new AdaptiveParityController(10, 20, 0.99, 0.001, 1000);
        for (int i = 0; i < 100; i++) {
            controller.onLossSample(100, 10);
        }
        assertThat(controller.parityShards()).isPositive();
        controller.onLossSample(1000, 0); // one window of clean packets: weight of the old rate falls to ~1/e
        // Old weight ~1050 * 0.999^1000 = 386 packets at 10%, new weight 1000 packets at 0%: 0.1 * 386 / 1386.
        assertThat(controller.lossRateEstimate()).isCloseTo(0.0279, within(0.001));
        for (int i = 0; i < 10; i++) {
            controller.onLossSample(1000, 0);
        }
        assertThat(controller.lossRateEstimate()).isLessThan(0.001);
        assertThat(controller.parityShards()).isZero();
        // Samples are weighted by size: one lost packet out of one does not swing the estimate.
        controller.onLossSample(1, 1);
        assertThat(controller.lossRateEstimate()).isLessThan(0.002);
    }

    @Test
    void neverExceedsMaxParity() {
        AdaptiveParityController controller = new AdaptiveParityController(10, 4);
        controller.onLossSample(1000, 600);
        assertThat(controller.parityShards()).isEqualTo(4);
        AdaptiveParityController off = new AdaptiveParityController(10, 0);
        off.onLossSample(1000, 600);
        assertThat(off.parityShards()).isZero();
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new AdaptiveParityController(0, 2)).hasMessageContaining("dataShards");
        assertThatThrownBy(() -> new AdaptiveParityController(10, 247)).hasMessageContaining("maxParityShards");
        assertThatThrownBy(() -> new AdaptiveParityController(10, 2, 1.0, 0.001, 10))
                .hasMessageContaining("targetRecoveredFraction");
        assertThatThrownBy(() -> new AdaptiveParityController(10, 2, 0.99, -0.1, 10))
                .hasMessageContaining("enableThreshold");
        assertThatThrownBy(() -> new AdaptiveParityController(10, 2, 0.99, 0.001, 0))
                .hasMessageContaining("windowPackets");
        AdaptiveParityController controller = new AdaptiveParityController(10, 2);
        assertThatThrownBy(() -> controller.onLossSample(5, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> controller.onLossSample(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> controller.onLossSample(5, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
