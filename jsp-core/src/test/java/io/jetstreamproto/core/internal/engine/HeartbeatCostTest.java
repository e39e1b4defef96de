package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An idle connection's heartbeat costs at most two packets (HEARTBEAT, then ACK + HEARTBEAT_ACK), not three. */
class HeartbeatCostTest {
    @Test
    void anIdleHeartbeatCostsTwoPackets() {
        ConnectionConfig config = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(1)).build();
        try (Simulation sim = new Simulation(61, config,
                io.jetstreamproto.core.internal.endpoint.EndpointConfig.defaults()
                        .withRetryPolicy(io.jetstreamproto.core.internal.endpoint.EndpointConfig.RetryPolicy.NEVER))) {
            sim.up = LinkModel.ideal().delay(20);
            sim.down = LinkModel.ideal().delay(20);
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            sim.runFor(2_000_000_000L); // settle the handshake's last packets
            long packetsBefore = c.engine.stats().packetsSent() + s.engine().stats().packetsSent();
            long heartbeatsBefore = c.engine.heartbeatSequence + s.engine().heartbeatSequence;
            sim.runFor(20_000_000_000L);
            long packets = c.engine.stats().packetsSent() + s.engine().stats().packetsSent() - packetsBefore;
            long heartbeats = c.engine.heartbeatSequence + s.engine().heartbeatSequence - heartbeatsBefore;
            assertThat(heartbeats).isBetween(18L, 42L);
            assertThat(packets).as("%d heartbeats", heartbeats).isLessThanOrEqualTo(2 * heartbeats);
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
        }
    }
}
