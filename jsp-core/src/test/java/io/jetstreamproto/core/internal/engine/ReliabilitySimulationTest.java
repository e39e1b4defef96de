package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every RELIABLE message arrives exactly once and in order, every RELIABLE_UNORDERED message exactly once, at random
 * loss of 0-20 % with jitter (reordering), duplication and corruption, in both directions at once.
 */
class ReliabilitySimulationTest {

    @ParameterizedTest(name = "loss {0}, seed {1}")
    @CsvSource({"0.0, 11", "0.01, 12", "0.05, 13", "0.10, 14", "0.20, 15"})
    void reliableModesDeliverEverythingExactlyOnce(double loss, long seed) {
        try (Simulation sim = new Simulation(seed)) {
            sim.up = LinkModel.ideal().delay(10).jitter(8).loss(loss).duplicate(0.02).corrupt(0.01);
            sim.down = LinkModel.ideal().delay(10).jitter(8).loss(loss).duplicate(0.02).corrupt(0.01);
            ConnectionConfig config = ConnectionConfig.builder().heartbeatTimeoutCount(20).build();
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);

            long ordered = c.engine.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
            long unordered = c.engine.openStream(DeliveryMode.RELIABLE_UNORDERED, Priority.BULK);
            Random sizes = new Random(seed);
            int count = 200;
            List<Integer> queue = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                queue.add(i);
            }
            int[] nextToSend = {0};
            List<Integer> received = new ArrayList<>();
            boolean done = sim.runUntil(() -> {
                while (nextToSend[0] < count) {
                    int i = nextToSend[0];
                    int size = 8 + sizes.nextInt(i % 10 == 0 ? 6000 : 400);
                    long stream = i % 2 == 0 ? ordered : unordered;
                    if (!c.engine.send(stream, SimSupport.message(i, size), sim.now())) {
                        break;
                    }
                    nextToSend[0]++;
                }
                SimSupport.drain(s.engine(), received);
                return received.size() >= count;
            }, 600_000_000_000L);
            String why = "loss " + loss + " seed " + seed + " received " + received.size() + " stats "
                    + c.engine.stats() + " close " + c.engine.closeInfo();
            assertThat(done).as(why).isTrue();
            assertThat(received).as(why).doesNotContain(-1).doesNotHaveDuplicates().hasSize(count)
                    .containsExactlyInAnyOrderElementsOf(queue);
            List<Integer> evens = received.stream().filter(i -> i % 2 == 0).toList();
            assertThat(evens).as("RELIABLE is in order, " + why).isSorted();
            if (loss > 0) {
                assertThat(c.engine.stats().packetsLost()).as(why).isPositive();
                assertThat(c.engine.stats().fragmentsRetransmitted()).as(why).isPositive();
            }
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
            assertThat(s.engine().state()).isEqualTo(ConnectionEngine.State.OPEN);
        }
    }
}
