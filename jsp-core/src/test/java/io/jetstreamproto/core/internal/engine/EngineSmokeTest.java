package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.Simulation;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineSmokeTest {

    @Test
    void handshakeThenMessagesBothWays() {
        try (Simulation sim = new Simulation(1)) {
            Simulation.Client c = sim.connect(ConnectionConfig.defaults());
            assertThat(sim.runUntil(() -> c.engine.state() == ConnectionEngine.State.OPEN, 5_000_000_000L))
                    .as("client open, seed %d, %s", sim.seed(), c.engine.closeInfo()).isTrue();
            EndpointConnection s = sim.serverSideOf(c);
            assertThat(sim.runUntil(() -> s.engine().state() == ConnectionEngine.State.OPEN, 1_000_000_000L)).isTrue();
            assertThat(s.engine().holdsServerHandshakeState()).as("nothing of the server's acknowledged yet").isTrue();

            long id = c.engine.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
            for (int i = 0; i < 10; i++) {
                assertThat(c.engine.send(id, Unpooled.copiedBuffer("msg " + i, StandardCharsets.UTF_8), sim.now()))
                        .isTrue();
            }
            List<String> got = new ArrayList<>();
            sim.runUntil(() -> {
                for (ReceivedMessage m = s.engine().pollMessage(); m != null; m = s.engine().pollMessage()) {
                    got.add(m.data().toString(StandardCharsets.UTF_8));
                    m.data().release();
                }
                return got.size() == 10;
            }, 5_000_000_000L);
            assertThat(got).containsExactly("msg 0", "msg 1", "msg 2", "msg 3", "msg 4", "msg 5", "msg 6", "msg 7",
                    "msg 8", "msg 9");
            sim.server.touch(s);
            assertThat(s.engine().send(id, Unpooled.copiedBuffer("reply", StandardCharsets.UTF_8), sim.now())).isTrue();
            sim.server.touch(s);
            List<String> back = new ArrayList<>();
            sim.runUntil(() -> {
                for (ReceivedMessage m = c.engine.pollMessage(); m != null; m = c.engine.pollMessage()) {
                    back.add(m.data().toString(StandardCharsets.UTF_8));
                    m.data().release();
                }
                return !back.isEmpty();
            }, 5_000_000_000L);
            assertThat(back).containsExactly("reply");
            sim.runFor(1_000_000_000L); // the client's ACK of the reply reaches the server
            assertThat(s.engine().holdsServerHandshakeState())
                    .as("an acknowledged 1-RTT packet confirms the client: the handshake state is gone").isFalse();
            assertThat(c.engine.holdsServerHandshakeState()).isFalse();
            c.engine.close(io.jetstreamproto.core.internal.CloseReason.NORMAL, "bye", sim.now());
            sim.runUntil(() -> c.engine.isTerminated() && s.engine().isTerminated(), 10_000_000_000L);
            assertThat(s.engine().closeInfo().reason()).isEqualTo(io.jetstreamproto.core.internal.CloseReason.NORMAL);
            assertThat(s.engine().closeInfo().byPeer()).isTrue();
        }
    }
}
