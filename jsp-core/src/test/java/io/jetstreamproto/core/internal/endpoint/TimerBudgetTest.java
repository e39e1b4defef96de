package io.jetstreamproto.core.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timer budget lets a burst through, then a steady rate; what is not used comes back. */
class TimerBudgetTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFullBucketThenTheSteadyRateWithFractionsKept() {
        TimerBudget b = new TimerBudget();
        long t = 5 * MS;
        assertThat(b.take(t)).isEqualTo(TimerBudget.BURST);
        assertThat(b.take(t)).as("empty").isZero();
        b.exhausted(t);
        assertThat(b.resumeNanos()).as("due timers wait a millisecond").isEqualTo(t + MS);
        assertThat(b.take(t + MS)).isEqualTo(TimerBudget.PER_MILLISECOND);
        assertThat(b.resumeNanos()).isEqualTo(Long.MIN_VALUE);
        // calls every 10 µs earn a quarter of a token each: over 1 ms they add up to the same 25, not to 0
        int total = 0;
        for (int i = 1; i <= 100; i++) {
            total += b.take(t + MS + i * 10_000L);
        }
        assertThat(total).isEqualTo(TimerBudget.PER_MILLISECOND);
    }

    @Test
    void unusedTokensComeBackAndTheBucketIsCapped() {
        TimerBudget b = new TimerBudget();
        int n = b.take(0);
        b.refund(n - 10);
        assertThat(b.take(0)).isEqualTo(TimerBudget.BURST - 10);
        b.refund(TimerBudget.BURST);
        assertThat(b.take(0)).isEqualTo(TimerBudget.BURST);
        assertThat(b.take(60_000 * MS)).as("a long quiet time earns no more than a full bucket")
                .isEqualTo(TimerBudget.BURST);
    }
}
