package io.jetstreamproto.core.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 9002 §5 and §6.2.1. */
class RttEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long INITIAL = 333 * MS;

    @Test
    void beforeTheFirstSampleEverythingDerivesFromTheInitialRtt() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        assertThat(rtt.hasSample()).isFalse();
        assertThat(rtt.smoothedRtt()).isEqualTo(INITIAL);
        assertThat(rtt.rttVariance()).isEqualTo(INITIAL / 2);
        assertThat(rtt.latestRtt()).isEqualTo(INITIAL);
        assertThat(rtt.minRtt()).isEqualTo(INITIAL);
        // 333 + 4 * 166.5 + 25 ms
        assertThat(rtt.pto(25 * MS)).isEqualTo(333 * MS + 666 * MS + 25 * MS);
    }

    @Test
    void firstSampleSetsSmoothedAndHalfVarianceAndIgnoresAckDelay() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        rtt.update(100 * MS, 20 * MS, 25 * MS, true);
        assertThat(rtt.hasSample()).isTrue();
        assertThat(rtt.latestRtt()).isEqualTo(100 * MS);
        assertThat(rtt.smoothedRtt()).isEqualTo(100 * MS);
        assertThat(rtt.rttVariance()).isEqualTo(50 * MS);
        assertThat(rtt.minRtt()).isEqualTo(100 * MS);
        assertThat(rtt.pto(25 * MS)).isEqualTo(100 * MS + 200 * MS + 25 * MS);
    }

    @Test
    void laterSamplesUseTheEwmaOfTheAdjustedRtt() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        rtt.update(100 * MS, 0, 25 * MS, true);
        rtt.update(120 * MS, 10 * MS, 25 * MS, true);
        // adjusted = 120 - 10 = 110 (120 >= min 100 + 10)
        assertThat(rtt.rttVariance()).isEqualTo((3 * 50 * MS + 10 * MS) / 4); // 40 ms
        assertThat(rtt.smoothedRtt()).isEqualTo((7 * 100 * MS + 110 * MS) / 8); // 101.25 ms
        assertThat(rtt.latestRtt()).isEqualTo(120 * MS);
        assertThat(rtt.minRtt()).isEqualTo(100 * MS);
    }

    @Test
    void ackDelayIsNotSubtractedBelowTheMinimumRtt() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        rtt.update(100 * MS, 0, 25 * MS, true);
        rtt.update(105 * MS, 10 * MS, 25 * MS, true); // 105 < 100 + 10: use 105 unadjusted
        assertThat(rtt.smoothedRtt()).isEqualTo((7 * 100 * MS + 105 * MS) / 8);
        assertThat(rtt.rttVariance()).isEqualTo((3 * 50 * MS + 5 * MS) / 4);
    }

    @Test
    void ackDelayIsCappedAtMaxAckDelayOnlyOnceTheHandshakeIsConfirmed() {
        RttEstimator confirmed = new RttEstimator(INITIAL);
        confirmed.update(100 * MS, 0, 25 * MS, true);
        confirmed.update(200 * MS, 50 * MS, 25 * MS, true); // adjusted 200 - 25
        assertThat(confirmed.smoothedRtt()).isEqualTo((7 * 100 * MS + 175 * MS) / 8);

        RttEstimator unconfirmed = new RttEstimator(INITIAL);
        unconfirmed.update(100 * MS, 0, 25 * MS, false);
        unconfirmed.update(200 * MS, 50 * MS, 25 * MS, false); // adjusted 200 - 50
        assertThat(unconfirmed.smoothedRtt()).isEqualTo((7 * 100 * MS + 150 * MS) / 8);
    }

    @Test
    void minRttIgnoresAckDelayAndOnlyDecreases() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        rtt.update(100 * MS, 0, 25 * MS, true);
        rtt.update(80 * MS, 30 * MS, 25 * MS, true);
        assertThat(rtt.minRtt()).isEqualTo(80 * MS);
        // 80 < 80 + 25: not adjusted
        assertThat(rtt.smoothedRtt()).isEqualTo((7 * 100 * MS + 80 * MS) / 8);
        rtt.update(500 * MS, 0, 25 * MS, true);
        assertThat(rtt.minRtt()).isEqualTo(80 * MS);
        assertThat(rtt.latestRtt()).isEqualTo(500 * MS);
    }

    @Test
    void negativeSamplesCountAsZero() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        rtt.update(-5, 0, 0, true);
        assertThat(rtt.latestRtt()).isZero();
        assertThat(rtt.minRtt()).isZero();
        assertThat(rtt.smoothedRtt()).isZero();
    }

    @Test
    void ptoHasAGranularityFloorForTheVariance() {
        RttEstimator rtt = new RttEstimator(INITIAL);
        for (int i = 0; i < 100; i++) {
            rtt.update(10 * MS, 0, 0, true); // identical samples: variance decays towards 0
        }
        assertThat(rtt.rttVariance()).isLessThan(RttEstimator.GRANULARITY / 4);
        assertThat(rtt.pto(5 * MS)).isEqualTo(10 * MS + RttEstimator.GRANULARITY + 5 * MS);
    }

    /** Random samples against the RFC 9002 pseudo-code in floating point. */
    @Test
    void matchesTheRfcPseudoCode() {
        Random rnd = new Random(42);
        for (int run = 0; run < 200; run++) {
            RttEstimator rtt = new RttEstimator(INITIAL);
            long maxAckDelay = rnd.nextInt(30) * MS;
            boolean confirmed = rnd.nextBoolean();
            double smoothed = 0;
            double var = 0;
            double min = Double.MAX_VALUE;
            for (int i = 0; i < 50; i++) {
                long latest = (1 + rnd.nextInt(400)) * MS + rnd.nextInt(1_000_000);
                long ackDelay = rnd.nextInt(50) * MS;
                rtt.update(latest, ackDelay, maxAckDelay, confirmed);
                min = Math.min(min, latest);
                if (i == 0) {
                    smoothed = latest;
                    var = latest / 2.0;
                } else {
                    double delay = confirmed ? Math.min(ackDelay, maxAckDelay) : ackDelay;
                    double adjusted = latest >= min + delay ? latest - delay : latest;
                    var = 0.75 * var + 0.25 * Math.abs(smoothed - adjusted);
                    smoothed = 0.875 * smoothed + 0.125 * adjusted;
                }
                assertThat((double) rtt.smoothedRtt()).isCloseTo(smoothed, within(10.0));
                assertThat((double) rtt.rttVariance()).isCloseTo(var, within(10.0));
                assertThat((double) rtt.minRtt()).isEqualTo(min);
                assertThat(rtt.latestRtt()).isEqualTo(latest);
            }
        }
    }
}
