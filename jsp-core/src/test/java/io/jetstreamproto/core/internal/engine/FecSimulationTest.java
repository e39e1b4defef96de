package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.fec.internal.AdaptiveParityController;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forward error correction on the wire, in the deterministic simulation (issue 5): recovery against the binomial
 * bound, adaptive parity at 20 % loss, bursts, forged parity, zero cost when off, and tail latency.
 */
class FecSimulationTest {
    private static final EndpointConfig ENDPOINT =
            EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER);

    /** One-way bulk transfer of {@code count} 1000-byte messages client to server; returns the server's side. */
    private static Transfer bulk(long seed, ConnectionConfig client, ConnectionConfig server, LinkModel up,
            int count) {
        Simulation sim = new Simulation(seed, server, ENDPOINT);
        try {
            return run(sim, client, up, count);
        } catch (RuntimeException | AssertionError e) {
            sim.close();
            throw e;
        }
    }

    private static Transfer run(Simulation sim, ConnectionConfig client, LinkModel up, int count) {
        long seed = sim.seed();
        sim.up = up;
        sim.down = LinkModel.ideal().delay(10);
        Simulation.Client c = sim.connect(client);
        EndpointConnection s = SimSupport.open(sim, c);
        long stream = c.engine.openStream(DeliveryMode.RELIABLE, Priority.BULK);
        int[] next = {0};
        List<Integer> received = new ArrayList<>();
        ConnectionStats[] atHalf = new ConnectionStats[2];
        boolean done = sim.runUntil(() -> {
            while (next[0] < count && c.engine.send(stream, SimSupport.message(next[0], 1000), sim.now())) {
                next[0]++;
            }
            SimSupport.drain(s.engine(), received);
            if (atHalf[0] == null && received.size() >= count / 2) {
                atHalf[0] = c.engine.stats();
                atHalf[1] = s.engine().stats();
            }
            return received.size() >= count;
        }, 3_600_000_000_000L);
        assertThat(done).as("transfer finished, seed %d, %s", seed, c.engine.stats()).isTrue();
        assertThat(received).doesNotContain(-1).doesNotHaveDuplicates().hasSize(count).isSorted();
        return new Transfer(sim, c, s, atHalf[0], atHalf[1]);
    }

    private record Transfer(Simulation sim, Simulation.Client client, EndpointConnection server,
            ConnectionStats clientAtHalf, ConnectionStats serverAtHalf) implements AutoCloseable {
        /** Of the data packets lost on the path in the second half, the fraction FEC rebuilt. */
        double recoveredFractionSecondHalf() {
            long recovered = server.engine().stats().packetsRecovered() - serverAtHalf.packetsRecovered();
            // packetsLost counts data packets only (lost repair packets are counted apart)
            long dataLostNotRecovered = client.engine.stats().packetsLost() - clientAtHalf.packetsLost();
            return (double) recovered / (recovered + dataLostNotRecovered);
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    private static ConnectionConfig.Builder fec(int k, int m) {
        return ConnectionConfig.builder().heartbeatTimeoutCount(50).fecEnabled(true).fecDataShards(k)
                .fecParityShards(m);
    }

    @Test
    void fixedTenPlusTwoAtFivePercentRecoversWhatTheBinomialBoundPredicts() {
        ConnectionConfig config = fec(10, 2).build();
        double expected = AdaptiveParityController.expectedRecoveredFraction(10, 2, 0.05); // 0.898
        try (Transfer t = bulk(501, config, config, LinkModel.ideal().delay(10).loss(0.05), 12_000)) {
            double measured = t.recoveredFractionSecondHalf();
            System.out.printf("FEC 10:2 at 5%% loss: recovered %.3f of lost data packets (binomial model %.3f);"
                    + " client %s%n", measured, expected, t.client.engine.stats());
            assertThat(measured).isCloseTo(expected, within(0.05));
            assertThat(t.client.engine.stats().repairPacketsSent()).isPositive();
            assertThat(t.client.engine.stats().fecParityShards()).isEqualTo(2);
        }
    }

    @Test
    void adaptiveParityAtTwentyPercentLossRecoversAtLeast99PercentWithoutRetransmission() {
        ConnectionConfig config = fec(10, 20).fecAdaptive(true).build();
        try (Transfer t = bulk(502, config, config, LinkModel.ideal().delay(10).loss(0.20), 12_000)) {
            double measured = t.recoveredFractionSecondHalf();
            ConnectionStats cs = t.client.engine.stats();
            System.out.printf("adaptive FEC at 20%% loss: recovered %.4f of lost data packets with m = %d; client"
                    + " %s%n", measured, cs.fecParityShards(), cs);
            assertThat(measured).isGreaterThanOrEqualTo(0.99);
            assertThat(cs.fecParityShards()).isBetween(4, 20);
        }
    }

    @Test
    void adaptiveParityUsesNoParityOnACleanPath() {
        ConnectionConfig config = fec(10, 20).fecAdaptive(true).build();
        try (Transfer t = bulk(503, config, config, LinkModel.ideal().delay(10), 3_000)) {
            ConnectionStats cs = t.client.engine.stats();
            assertThat(cs.fecParityShards()).isZero();
            assertThat(cs.repairPacketsSent()).isZero();
        }
    }

    @Test
    void burstLossesAreRecoveredWhereTheyFitAGroupAndRetransmittedOtherwise() {
        ConnectionConfig config = fec(10, 2).build();
        // bursts of mean length 2.5 starting at 1 % of datagrams
        try (Transfer t = bulk(504, config, config, LinkModel.ideal().delay(10).burstLoss(0.01, 0.6), 8_000)) {
            ConnectionStats server = t.server.engine().stats();
            ConnectionStats client = t.client.engine.stats();
            System.out.printf("FEC 10:2 with burst losses: recovered %d, data packets declared lost %d (repair %d)%n",
                    server.packetsRecovered(), client.packetsLost(), client.repairPacketsLost());
            assertThat(server.packetsRecovered()).as("short bursts repaired").isPositive();
            assertThat(client.packetsLost())
                    .as("longer bursts left to retransmission").isPositive();
            assertThat(client.fragmentsRetransmitted()).isPositive();
        }
    }

    @Test
    void forgedParityNeverChangesDeliveredBytes() {
        ConnectionConfig config = fec(10, 2).build();
        Simulation sim = new Simulation(505, config, ENDPOINT);
        try (sim) {
            sim.up = LinkModel.ideal().delay(10).loss(0.05);
            sim.down = LinkModel.ideal().delay(10);
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            // A faulty (or hostile but authenticated) peer: every repair's parity is garbage.
            java.util.Random noise = new java.util.Random(7);
            c.engine.fec.repairTamperer = parity -> {
                for (int i = 0; i < parity.readableBytes(); i += 1 + noise.nextInt(16)) {
                    parity.setByte(parity.readerIndex() + i, noise.nextInt(256));
                }
            };
            long stream = c.engine.openStream(DeliveryMode.RELIABLE, Priority.BULK);
            int count = 3000;
            int[] next = {0};
            List<Integer> received = new ArrayList<>();
            boolean done = sim.runUntil(() -> {
                while (next[0] < count && c.engine.send(stream, SimSupport.message(next[0], 1000), sim.now())) {
                    next[0]++;
                }
                SimSupport.drain(s.engine(), received);
                return received.size() >= count;
            }, 3_600_000_000_000L);
            assertThat(done).isTrue();
            assertThat(received).as("every message intact, once, in order").doesNotContain(-1)
                    .doesNotHaveDuplicates().hasSize(count).isSorted();
            assertThat(s.engine().stats().packetsRecovered()).as("nothing rebuilt from garbage passes AEAD").isZero();
            assertThat(c.engine.stats().fragmentsRetransmitted()).as("losses repaired by retransmission").isPositive();
        }
    }

    @Test
    void fecOffAddsZeroBytes() {
        ConnectionConfig off = ConnectionConfig.builder().heartbeatTimeoutCount(50).build();
        ConnectionConfig on = fec(10, 2).build();
        long[] bytes = new long[2];
        // Same seed, same traffic: FEC enabled on one side only is not negotiated and must cost nothing at all.
        for (int run = 0; run < 2; run++) {
            try (Transfer t = bulk(506, off, run == 0 ? off : on, LinkModel.ideal().delay(10).loss(0.02), 2_000)) {
                ConnectionStats cs = t.client.engine.stats();
                assertThat(cs.repairPacketsSent()).isZero();
                assertThat(t.client.engine.fec).isNull();
                assertThat(t.server.engine().fec).isNull();
                bytes[run] = cs.bytesSent() + t.server.engine().stats().bytesSent();
            }
        }
        assertThat(bytes[1]).isEqualTo(bytes[0]);
    }

    /**
     * p99 delivery latency of a paced message flow at 5 % loss each way, FEC off vs 10:2 on: the goal is
     * that FEC at least halves it (measured 0.27 at 200 ms RTT and 0.35 at 50 ms). Both ratios are printed for
     * docs/BENCHMARKS.md.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "one-way delay {0} ms, a message every {1} ms")
    @org.junit.jupiter.params.provider.CsvSource({"100, 40, 0.5", "25, 20, 0.5"})
    void fecCutsTheP99DeliveryLatencyAtFivePercentLoss(int oneWayMillis, int intervalMillis, double maxRatio) {
        double[] p99 = new double[2];
        for (int run = 0; run < 2; run++) {
            ConnectionConfig config = run == 0 ? ConnectionConfig.builder().heartbeatTimeoutCount(50).build()
                    : fec(10, 2).fecMaxGroupDelay(java.time.Duration.ofMillis(10)).build();
            p99[run] = p99LatencyMillis(507, config, oneWayMillis, intervalMillis);
        }
        double ratio = p99[1] / p99[0];
        System.out.printf("p99 delivery latency at 5%% loss, RTT %d ms, a 200-byte message every %d ms: FEC off"
                + " %.1f ms, FEC 10:2 on %.1f ms, ratio %.2f%n", 2 * oneWayMillis, intervalMillis, p99[0], p99[1],
                ratio);
        assertThat(ratio).isLessThanOrEqualTo(maxRatio);
    }

    private static double p99LatencyMillis(long seed, ConnectionConfig config, int oneWayMillis, int intervalMillis) {
        try (Simulation sim = new Simulation(seed, config, ENDPOINT)) {
            sim.up = LinkModel.ideal().delay(oneWayMillis).loss(0.05);
            sim.down = LinkModel.ideal().delay(oneWayMillis).loss(0.05);
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.RELIABLE_UNORDERED, Priority.MEDIA);
            int count = 3000;
            long interval = intervalMillis * 1_000_000L;
            long start = sim.now();
            long[] sentAt = new long[count];
            long[] latency = new long[count];
            int[] next = {0};
            int[] got = {0};
            boolean done = sim.runUntil(() -> {
                while (next[0] < count && sim.now() >= start + next[0] * interval) {
                    sentAt[next[0]] = sim.now();
                    assertThat(c.engine.send(stream, SimSupport.message(next[0], 200), sim.now())).isTrue();
                    next[0]++;
                }
                sim.wakeAt = next[0] < count ? start + next[0] * interval : Long.MAX_VALUE;
                for (ReceivedMessage m = s.engine().pollMessage(); m != null; m = s.engine().pollMessage()) {
                    int i = SimSupport.check(m.data());
                    m.data().release();
                    latency[i] = sim.now() - sentAt[i];
                    got[0]++;
                }
                return got[0] >= count;
            }, 600_000_000_000L);
            assertThat(done).isTrue();
            Arrays.sort(latency);
            System.out.printf("  latency p50 %.1f p90 %.1f p95 %.1f p99 %.1f max %.1f ms; client %s%n",
                    latency[count / 2] / 1e6, latency[count * 9 / 10] / 1e6, latency[count * 95 / 100] / 1e6,
                    latency[count * 99 / 100] / 1e6, latency[count - 1] / 1e6, c.engine.stats());
            return latency[(int) (count * 0.99)] / 1e6;
        }
    }
}
