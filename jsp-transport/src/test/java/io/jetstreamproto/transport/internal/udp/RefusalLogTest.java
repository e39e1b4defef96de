package io.jetstreamproto.transport.internal.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.endpoint.EndpointStats;
import io.jetstreamproto.crypto.internal.session.GateStats;
import org.junit.jupiter.api.Test;

/** The periodic DEBUG line reports what changed in the period, and nothing when nothing did. */
class RefusalLogTest {

    private static EndpointStats stats(long connLimit, long halfOpen, long queueFull, long failed, long retries,
            long badTokens) {
        GateStats gate = new GateStats(10, 0, 0, retries, badTokens, 0, 0, 0, 0);
        return new EndpointStats(gate, 3, 0, 100, 0, 0, 5, failed, 0, queueFull, connLimit, halfOpen, 1,
                failed > 0 ? "unknown key id" : "");
    }

    @Test
    void reportsTheDifferenceSinceTheLastPeriod() {
        EndpointStats before = stats(1, 2, 3, 0, 4, 5);
        EndpointStats now = stats(11, 2, 4, 2, 4, 6);
        assertThat(RefusalLog.summary(before, now)).isEqualTo("refused 10 at the connection limit, 0 at the half-open"
                + " limit, 1 with the handshake queue full; 0 Retry sent, 1 invalid tokens, 0 Initials too small,"
                + " 2 handshakes failed (last: unknown key id)");
    }

    @Test
    void theFirstPeriodCountsFromZero() {
        assertThat(RefusalLog.summary(null, stats(0, 0, 0, 0, 7, 0))).startsWith("refused 0 at the connection limit")
                .contains("7 Retry sent");
    }

    @Test
    void saysNothingWhenNothingWasRefused() {
        EndpointStats s = stats(1, 2, 3, 4, 5, 6);
        assertThat(RefusalLog.summary(s, s)).isNull();
        assertThat(RefusalLog.summary(null, stats(0, 0, 0, 0, 0, 0))).isNull();
    }
}
