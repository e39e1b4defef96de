package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PARTIALLY_RELIABLE and BEST_EFFORT behave as specified (docs/PROTOCOL.md §8.3). */
class DeliveryModeSimulationTest {
    private static final long MS = 1_000_000L;

    @Test
    void partiallyReliableMessagesExpireAfterTheirTimeToLive() {
        // Same seed and path twice: with a 150 ms time-to-live some messages are given up, with 60 s none are.
        List<Integer> shortTtl = new ArrayList<>();
        List<Long> shortLatency = new ArrayList<>();
        ConnectionStats shortStats = runPartiallyReliable(150 * MS, shortTtl, shortLatency);
        List<Integer> longTtl = new ArrayList<>();
        ConnectionStats longStats = runPartiallyReliable(60_000 * MS, longTtl, new ArrayList<>());
        String why = "seed 21, short TTL " + shortTtl.size() + " " + shortStats + ", long TTL " + longTtl.size() + " "
                + longStats;
        assertThat(shortTtl).as(why).isSorted().doesNotHaveDuplicates().doesNotContain(-1);
        assertThat(shortTtl.size()).as("some messages expire, " + why).isLessThan(300);
        assertThat(shortTtl.size()).as("most arrive through retransmission within the TTL, " + why)
                .isGreaterThan(150);
        assertThat(longTtl).as("with a long TTL nothing is given up, " + why).hasSize(300).isSorted();
        // In-order delivery of what follows an expired message waits for the skip signal, which may itself be lost
        // and resent: a few RTTs more than the TTL, never unbounded.
        assertThat(shortLatency).as(why).allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(2 * 150 * MS + 1_000 * MS));
    }

    private static ConnectionStats runPartiallyReliable(long ttl, List<Integer> received, List<Long> latency) {
        try (Simulation sim = new Simulation(21)) {
            sim.up = LinkModel.ideal().delay(40).jitter(10).loss(0.15);
            sim.down = LinkModel.ideal().delay(40).jitter(10).loss(0.15);
            ConnectionConfig cfg = ConnectionConfig.builder().partialReliabilityTtl(Duration.ofNanos(ttl))
                    .heartbeatTimeoutCount(20).build();
            Simulation.Client c = sim.connect(cfg);
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.PARTIALLY_RELIABLE, Priority.MEDIA);
            Map<Integer, Long> sentAt = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                sim.runFor(30 * MS);
                assertThat(c.engine.send(stream, SimSupport.message(i, 800), sim.now())).isTrue();
                sentAt.put(i, sim.now());
                collect(sim, s, received, sentAt, latency);
            }
            sim.runUntil(() -> {
                collect(sim, s, received, sentAt, latency);
                return received.size() == 300;
            }, 20_000 * MS);
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
            return c.engine.stats();
        }
    }

    private static void collect(Simulation sim, EndpointConnection s, List<Integer> received, Map<Integer, Long> sentAt,
            List<Long> latency) {
        for (ReceivedMessage m = s.engine().pollMessage(); m != null; m = s.engine().pollMessage()) {
            int index = SimSupport.check(m.data());
            m.data().release();
            received.add(index);
            latency.add(sim.now() - sentAt.get(index));
        }
    }

    @Test
    void partiallyReliableLosesNothingOnACleanPath() {
        try (Simulation sim = new Simulation(22)) {
            sim.up = LinkModel.ideal().delay(20);
            sim.down = LinkModel.ideal().delay(20);
            Simulation.Client c = sim.connect(ConnectionConfig.defaults());
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.PARTIALLY_RELIABLE, Priority.MEDIA);
            for (int i = 0; i < 100; i++) {
                assertThat(c.engine.send(stream, SimSupport.message(i, 500), sim.now())).isTrue();
            }
            List<Integer> received = new ArrayList<>();
            sim.runUntil(() -> {
                SimSupport.drain(s.engine(), received);
                return received.size() == 100;
            }, 10_000 * MS);
            assertThat(received).hasSize(100).isSorted();
        }
    }

    @Test
    void bestEffortIsNeverRetransmittedAndNeverBlocksLaterMessages() {
        try (Simulation sim = new Simulation(23)) {
            sim.up = LinkModel.ideal().delay(20).jitter(5).loss(0.15);
            sim.down = LinkModel.ideal().delay(20).jitter(5).loss(0.15);
            ConnectionConfig cfg = ConnectionConfig.builder().heartbeatTimeoutCount(20).build();
            Simulation.Client c = sim.connect(cfg);
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.BEST_EFFORT, Priority.MEDIA);
            List<Integer> received = new ArrayList<>();
            int count = 400;
            for (int i = 0; i < count; i++) {
                sim.runFor(10 * MS);
                assertThat(c.engine.send(stream, SimSupport.message(i, i % 5 == 0 ? 2500 : 300), sim.now())).isTrue();
                SimSupport.drain(s.engine(), received);
            }
            sim.runFor(2_000 * MS);
            SimSupport.drain(s.engine(), received);
            String why = "seed 23, " + received.size() + " received, " + c.engine.stats();
            assertThat(c.engine.stats().fragmentsRetransmitted()).as(why).isZero();
            assertThat(received).as(why).doesNotHaveDuplicates().doesNotContain(-1);
            assertThat(received.size()).as(why).isLessThan(count).isGreaterThan(count / 2);
            // later messages were delivered although earlier ones were lost: no head-of-line blocking
            int firstMissing = 0;
            while (received.contains(firstMissing)) {
                firstMissing++;
            }
            int missing = firstMissing;
            assertThat(received.stream().anyMatch(i -> i > missing)).as(why).isTrue();
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
        }
    }
}
