package io.jetstreamproto.core.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bursts of handshakes under every retry policy, with handshake jobs that take long enough (300 ms of virtual time
 * each, as on a loaded server) that clients retransmit their ClientHello while its job is still queued. Every
 * connection opens: a retransmission is never answered with a Retry that would race its job's ServerHello (the
 * {@code retry_source_id_mismatch} failures of a 20,000-connection churn run).
 */
class RetryPolicySimulationTest {
    @ParameterizedTest
    @EnumSource(EndpointConfig.RetryPolicy.class)
    void everyHandshakeOfABurstCompletes(EndpointConfig.RetryPolicy policy) {
        ConnectionConfig config = ConnectionConfig.builder().handshakeTimeout(java.time.Duration.ofSeconds(30)).build();
        try (Simulation sim = new Simulation(31, config, EndpointConfig.defaults().withRetryPolicy(policy))) {
            sim.up = LinkModel.ideal().delay(5).loss(0.02);
            sim.down = LinkModel.ideal().delay(5).loss(0.02);
            sim.handshakeLatencyNanos = 300_000_000L;
            List<Simulation.Client> clients = new ArrayList<>();
            for (int burst = 0; burst < 3; burst++) {
                for (int i = 0; i < 60; i++) {
                    clients.add(sim.connect(config));
                }
                sim.runFor(50_000_000L);
            }
            boolean allOpen = sim.runUntil(() -> clients.stream()
                    .allMatch(c -> c.engine.state() != ConnectionEngine.State.HANDSHAKING), 60_000_000_000L);
            List<String> failed = clients.stream().filter(c -> c.engine.state() != ConnectionEngine.State.OPEN)
                    .map(c -> String.valueOf(c.engine.closeInfo())).distinct().toList();
            EndpointStats stats = sim.server.stats();
            String why = policy + " seed " + sim.seed() + " failures " + failed + " " + stats;
            assertThat(allOpen).as(why).isTrue();
            assertThat(failed).as(why).isEmpty();
            if (policy == EndpointConfig.RetryPolicy.ALWAYS) {
                assertThat(stats.gate().retriesSent()).as(why).isGreaterThanOrEqualTo(clients.size());
            }
            if (policy == EndpointConfig.RetryPolicy.UNDER_LOAD) {
                assertThat(stats.gate().retriesSent()).as("the burst put the server under load: " + why).isPositive();
            }
            if (policy == EndpointConfig.RetryPolicy.NEVER) {
                assertThat(stats.gate().retriesSent()).as(why).isZero();
            }
        }
    }
}
