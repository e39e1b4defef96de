package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The original's rateLimitMessages / rateLimitBytes: off by default, and when set enforced exactly as token buckets
 * with a one-second burst — as backpressure (send refused, Writable later), never as an error.
 */
class RateLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void bucketsAllowOneSecondOfBurstThenTheRate() {
        RateLimiter messages = new RateLimiter(10, 0, 0);
        int accepted = 0;
        while (messages.tryAcquire(100, 0)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(messages.nextAvailableNanos(100, 0)).isEqualTo(SECOND / 10);
        assertThat(messages.tryAcquire(100, SECOND / 10 - 1)).isFalse();
        assertThat(messages.tryAcquire(100, SECOND / 10)).isTrue();

        RateLimiter bytes = new RateLimiter(0, 1000, 0);
        assertThat(bytes.tryAcquire(600, 0)).isTrue();
        assertThat(bytes.tryAcquire(600, 0)).isFalse();
        assertThat(bytes.nextAvailableNanos(600, 0)).isEqualTo(SECOND / 5);
        // a message larger than a second's worth still goes once the bucket is full, then pays for it
        RateLimiter small = new RateLimiter(0, 1000, 0);
        assertThat(small.tryAcquire(5000, 0)).isTrue();
        assertThat(small.tryAcquire(1, 4 * SECOND)).isFalse();
        assertThat(small.tryAcquire(1, 4 * SECOND + SECOND / 1000)).isTrue();

        assertThat(new RateLimiter(0, 0, 0).unlimited()).isTrue();
    }

    /** Sends {@code count} messages as fast as the engine takes them; returns each one's acceptance time. */
    private static long[] acceptanceTimes(ConnectionConfig config, int count, int size) {
        try (Simulation sim = new Simulation(71, ConnectionConfig.defaults(),
                EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER))) {
            sim.up = LinkModel.ideal().delay(5);
            sim.down = LinkModel.ideal().delay(5);
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
            long[] at = new long[count];
            int[] next = {0};
            List<Integer> received = new ArrayList<>();
            long start = sim.now();
            boolean done = sim.runUntil(() -> {
                while (next[0] < count && c.engine.send(stream, SimSupport.message(next[0], size), sim.now())) {
                    at[next[0]++] = sim.now() - start;
                }
                SimSupport.drain(s.engine(), received);
                return received.size() >= count;
            }, 120 * SECOND);
            assertThat(done).isTrue();
            assertThat(received).doesNotContain(-1).hasSize(count).isSorted();
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
            return at;
        }
    }

    @Test
    void unlimitedByDefault() {
        long[] at = acceptanceTimes(ConnectionConfig.defaults(), 1000, 200);
        assertThat(at[at.length - 1]).isLessThan(SECOND / 10);
    }

    @Test
    void aMessageRateIsEnforcedExactly() {
        int limit = 50;
        long[] at = acceptanceTimes(ConnectionConfig.builder().rateLimitMessages(limit).build(), 500, 100);
        // token bucket of capacity `limit` refilled at `limit`/s: message i (0-based) cannot go before (i+1-limit)/limit s
        for (int i = 0; i < at.length; i++) {
            long earliest = Math.max(0, (long) ((i + 1 - limit) * (double) SECOND / limit));
            assertThat(at[i]).as("message %d", i).isGreaterThanOrEqualTo(earliest - 1);
        }
        assertThat(at[at.length - 1]).as("and not much later").isLessThan(9 * SECOND + SECOND / 2);
        assertWindow(at, SECOND, 2 * limit);
    }

    @Test
    void aByteRateIsEnforcedExactly() {
        long bytesPerSecond = 100_000;
        int size = 1000;
        long[] at = acceptanceTimes(ConnectionConfig.builder().rateLimitBytes(bytesPerSecond).build(), 1000, size);
        // 1 MB at 100 kB/s with a 100 kB burst: the last message at 9 s
        assertThat(at[at.length - 1]).isBetween(9 * SECOND - SECOND / 100, 9 * SECOND + SECOND / 2);
        assertWindow(at, SECOND, (int) (2 * bytesPerSecond / size));
    }

    /** In any window of {@code window} ns at most {@code max} acceptances (capacity plus one window of refill). */
    private static void assertWindow(long[] at, long window, int max) {
        for (int i = 0, j = 0; i < at.length; i++) {
            while (at[i] - at[j] >= window) {
                j++;
            }
            assertThat(i - j + 1).as("messages accepted in the second before message %d", i).isLessThanOrEqualTo(max);
        }
    }
}
