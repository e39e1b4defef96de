package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What keeping an idle connection alive costs: the client beats once per interval, the server answers with an ACK
 * (and HEARTBEAT_ACK) and sends no heartbeats of its own while it hears the client; a server whose client does not
 * beat keeps the connection alive itself.
 */
class HeartbeatCostTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void anIdleConnectionCostsOneHeartbeatAndOneAckPerInterval() {
        ConnectionConfig config = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(1)).build();
        try (Simulation sim = simulation(config)) {
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            sim.runFor(2 * SECOND); // settle the handshake's last packets
            long packetsBefore = c.engine.stats().packetsSent() + s.engine().stats().packetsSent();
            long clientBeats = c.engine.heartbeatSequence;
            long serverBeats = s.engine().heartbeatSequence;
            sim.runFor(20 * SECOND);
            long packets = c.engine.stats().packetsSent() + s.engine().stats().packetsSent() - packetsBefore;
            long client = c.engine.heartbeatSequence - clientBeats;
            long server = s.engine().heartbeatSequence - serverBeats;
            assertThat(client).as("the client beats once a second").isBetween(18L, 22L);
            assertThat(server).as("the server hears the client, so it does not beat").isZero();
            assertThat(packets).as("%d heartbeats", client).isLessThanOrEqualTo(2 * client);
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
            assertThat(s.engine().state()).isEqualTo(ConnectionEngine.State.OPEN);
            assertThat(s.engine().holdsServerHandshakeState())
                    .as("the answer to the first heartbeat carried a PING the client acknowledged").isFalse();
        }
    }

    @Test
    void anIdleConnectionsStateDoesNotGrow() {
        ConnectionConfig config = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(1)).build();
        try (Simulation sim = simulation(config)) {
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            sim.runFor(5 * SECOND);
            int serverTracked = s.engine().loss.packetsTracked();
            int clientTracked = c.engine.loss.packetsTracked();
            sim.runFor(120 * SECOND); // 120 heartbeats
            assertThat(s.engine().loss.packetsTracked()).as("server packets awaiting an ACK (was %d)", serverTracked)
                    .isLessThanOrEqualTo(Math.max(4, serverTracked));
            assertThat(c.engine.loss.packetsTracked()).as("client packets awaiting an ACK (was %d)", clientTracked)
                    .isLessThanOrEqualTo(Math.max(4, clientTracked));
        }
    }

    @Test
    void aServerWhoseClientDoesNotBeatKeepsTheConnectionAliveItself() {
        ConnectionConfig server = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(1)).build();
        ConnectionConfig silentClient = ConnectionConfig.builder().heartbeatInterval(Duration.ZERO)
                .idleTimeout(Duration.ofSeconds(60)).build();
        try (Simulation sim = simulation(server)) {
            Simulation.Client c = sim.connect(silentClient);
            EndpointConnection s = SimSupport.open(sim, c);
            sim.runFor(2 * SECOND);
            long serverBeats = s.engine().heartbeatSequence;
            sim.runFor(30 * SECOND); // twice the server's heartbeat timeout (3 intervals), many times over
            long beats = s.engine().heartbeatSequence - serverBeats;
            assertThat(beats).as("every 1.5 intervals without a word from the client").isBetween(15L, 25L);
            assertThat(c.engine.heartbeatSequence).isZero();
            assertThat(s.engine().state()).isEqualTo(ConnectionEngine.State.OPEN);
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
        }
    }

    @Test
    void aClientThatGoesSilentIsStillDetectedByTheServer() {
        ConnectionConfig config = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(1)).build();
        try (Simulation sim = simulation(config)) {
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            sim.runFor(2 * SECOND);
            sim.up = LinkModel.ideal().delay(20).loss(1.0); // nothing from the client reaches the server any more
            sim.runFor(10 * SECOND);
            assertThat(s.engine().isTerminated() || s.engine().state() != ConnectionEngine.State.OPEN)
                    .as("closed after 3 silent intervals, %s", s.engine().closeInfo()).isTrue();
            assertThat(s.engine().closeInfo().reason()).isEqualTo(io.jetstreamproto.core.internal.CloseReason.TIMEOUT);
        }
    }

    private static Simulation simulation(ConnectionConfig serverConfig) {
        Simulation sim = new Simulation(61, serverConfig, io.jetstreamproto.core.internal.endpoint.EndpointConfig
                .defaults().withRetryPolicy(io.jetstreamproto.core.internal.endpoint.EndpointConfig.RetryPolicy.NEVER));
        sim.up = LinkModel.ideal().delay(20);
        sim.down = LinkModel.ideal().delay(20);
        return sim;
    }
}
