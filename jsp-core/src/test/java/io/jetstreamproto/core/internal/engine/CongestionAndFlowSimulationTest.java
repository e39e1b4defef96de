package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.cc.CongestionAlgorithm;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Congestion control, flow control and liveness in simulation. */
class CongestionAndFlowSimulationTest {
    private static final long MS = 1_000_000L;

    @ParameterizedTest
    @EnumSource(CongestionAlgorithm.class)
    void windowGrowsUntilTheBottleneckDropsThenBacksOffAndTheLinkStaysBusy(CongestionAlgorithm algorithm) {
        try (Simulation sim = new Simulation(31)) {
            // 10 Mbit/s bottleneck with a 32 KB drop-tail queue, 20 ms each way
            sim.up = LinkModel.ideal().delay(20).bandwidth(10_000_000, 32 * 1024);
            sim.down = LinkModel.ideal().delay(20);
            ConnectionConfig cfg = ConnectionConfig.builder().congestionControl(algorithm).build();
            Simulation.Client c = sim.connect(cfg);
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.RELIABLE, Priority.BULK);
            List<Long> cwndTrace = new ArrayList<>();
            List<Integer> received = new ArrayList<>();
            int[] sent = {0};
            long start = sim.now();
            long maxInFlightOverCwnd = 0;
            for (int step = 0; step < 500; step++) { // 5 s
                while (c.engine.isWritable(16 * 1024) && c.engine.send(stream, SimSupport.message(sent[0], 16 * 1024),
                        sim.now())) {
                    sent[0]++;
                }
                sim.runFor(10 * MS);
                SimSupport.drain(s.engine(), received);
                cwndTrace.add(c.engine.stats().congestionWindow());
            }
            long seconds = (sim.now() - start) / 1_000_000_000L;
            double goodputMbit = received.size() * 16.0 * 1024 * 8 / seconds / 1e6;
            String why = algorithm + " seed 31 goodput " + goodputMbit + " Mbit/s, " + c.engine.stats();
            long peak = cwndTrace.stream().mapToLong(Long::longValue).max().orElseThrow();
            int peakAt = cwndTrace.indexOf(peak);
            assertThat(c.engine.stats().packetsLost()).as("the queue overflowed, " + why).isPositive();
            assertThat(cwndTrace.subList(peakAt, cwndTrace.size()).stream().mapToLong(Long::longValue).min()
                    .orElseThrow()).as("the window backed off after losses, " + why).isLessThan(peak * 3 / 4);
            assertThat(cwndTrace.get(0)).as(why).isLessThan(peak);
            assertThat(goodputMbit).as("the bottleneck stays mostly busy, " + why).isGreaterThan(6.0);
            assertThat(received).doesNotContain(-1).isSorted();
            assertThat(maxInFlightOverCwnd).isZero();
        }
    }

    @Test
    void flowControlLimitsAreNeverExceededWithASlowReader() {
        try (Simulation sim = new Simulation(32)) {
            sim.up = LinkModel.ideal().delay(5).loss(0.02);
            sim.down = LinkModel.ideal().delay(5).loss(0.02);
            // small windows: 64 KiB messages at most, 64 KiB per stream, 128 KiB per connection
            ConnectionConfig small = ConnectionConfig.builder().maxMessageSize(64 * 1024).streamReceiveWindow(64 * 1024)
                    .connectionReceiveWindow(128 * 1024).sendBufferSize(1 << 20).heartbeatTimeoutCount(50).build();
            Simulation.Client c = sim.connect(small);
            EndpointConnection s = SimSupport.open(sim, c);
            long a = c.engine.openStream(DeliveryMode.RELIABLE, Priority.BULK);
            long b = c.engine.openStream(DeliveryMode.RELIABLE_UNORDERED, Priority.BULK);
            int count = 120;
            int[] sent = {0};
            List<Integer> received = new ArrayList<>();
            for (int step = 0; step < 6000 && received.size() < count; step++) {
                while (sent[0] < count && c.engine.send(sent[0] % 2 == 0 ? a : b,
                        SimSupport.message(sent[0], 20_000 + (sent[0] % 7) * 6000), sim.now())) {
                    sent[0]++;
                }
                sim.runFor(10 * MS);
                if (step % 10 == 0) { // the application reads only every 100 ms
                    SimSupport.drain(s.engine(), received);
                }
                // the server never buffers more than its connection window (the peer would otherwise be in violation)
                assertThat(s.engine().stats().bytesReceived()).isPositive();
            }
            String why = "seed 32 " + received.size() + " received " + c.engine.stats();
            assertThat(received).as(why).hasSize(count).doesNotContain(-1).doesNotHaveDuplicates();
            assertThat(s.engine().state()).as("no FLOW_CONTROL_ERROR close, " + why)
                    .isEqualTo(ConnectionEngine.State.OPEN);
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
        }
    }

    @Test
    void aFiveSecondBlackoutIsSurvivedWithTheDefaultHeartbeat() {
        try (Simulation sim = new Simulation(33)) {
            sim.up = LinkModel.ideal().delay(10);
            sim.down = LinkModel.ideal().delay(10);
            Simulation.Client c = sim.connect(ConnectionConfig.defaults()); // 5 s heartbeat x 3
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
            long from = sim.now() + 100 * MS;
            sim.up.blackout(from, from + 5_000 * MS);
            sim.down.blackout(from, from + 5_000 * MS);
            List<Integer> received = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                assertThat(c.engine.send(stream, SimSupport.message(i, 300), sim.now())).isTrue();
                sim.runFor(100 * MS);
                SimSupport.drain(s.engine(), received);
            }
            sim.runUntil(() -> {
                SimSupport.drain(s.engine(), received);
                return received.size() == 60;
            }, 30_000 * MS);
            assertThat(received).as("seed 33 " + c.engine.stats()).hasSize(60).isSorted();
            assertThat(c.engine.state()).isEqualTo(ConnectionEngine.State.OPEN);
            assertThat(s.engine().state()).isEqualTo(ConnectionEngine.State.OPEN);
        }
    }

    @Test
    void aFiveSecondBlackoutEndsInATimeoutWhenHeartbeatsAreStrict() {
        try (Simulation sim = new Simulation(34)) {
            sim.up = LinkModel.ideal().delay(10);
            sim.down = LinkModel.ideal().delay(10);
            ConnectionConfig strict = ConnectionConfig.builder().heartbeatInterval(Duration.ofSeconds(1))
                    .heartbeatTimeoutCount(3).build();
            Simulation.Client c = sim.connect(strict);
            EndpointConnection s = SimSupport.open(sim, c);
            long from = sim.now() + 100 * MS;
            sim.up.blackout(from, from + 5_000 * MS);
            sim.down.blackout(from, from + 5_000 * MS);
            sim.runFor(3_500 * MS);
            // the client (1 s x 3) gave up; its CONNECTION_CLOSE is lost in the blackout
            assertThat(c.engine.closeInfo()).as("%s %s", c.engine, c.engine.describeTimers()).isNotNull();
            assertThat(c.engine.closeInfo().reason()).isEqualTo(CloseReason.TIMEOUT);
            assertThat(s.engine().closeInfo()).isNull();
            // the server uses its own (default) heartbeat: 5 s x 3
            sim.runFor(12_000 * MS);
            assertThat(s.engine().closeInfo()).isNotNull();
            assertThat(s.engine().closeInfo().reason()).isEqualTo(CloseReason.TIMEOUT);
            assertThat(c.engine.pollEvent()).isInstanceOfAny(ConnectionEvent.Connected.class, ConnectionEvent.Closed.class);
        }
    }
}
