package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.path.PathState;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client's address changes mid-transfer (a NAT rebinding: new port; or a new network: new IP): the server follows
 * it on an unvalidated path, never sends more than three times what it received from an unvalidated address, and the
 * transfer completes. A replayed or forged-source packet never moves the connection for good (SR-36).
 */
class PathChangeSimulationTest {
    private static final int MESSAGES = 400;
    private static final int SIZE = 4000;

    /** Bytes per address the server received from and sent to, and a check of the amplification limit. */
    private static final class Traffic {
        final Map<InetSocketAddress, long[]> perAddress = new HashMap<>();
        long violations;

        void attach(Simulation sim, EndpointConnection server) {
            sim.serverReceiveTap = (from, size) -> perAddress.computeIfAbsent(from, a -> new long[2])[0] += size;
            sim.serverSendTap = (to, size) -> {
                long[] t = perAddress.computeIfAbsent(to, a -> new long[2]);
                t[1] += size;
                PathState p = server.engine().path();
                if (p.remote().equals(to) && !p.isValidated() && t[1] > PathState.AMPLIFICATION_FACTOR * t[0]) {
                    violations++;
                }
            };
        }

        long sentTo(InetSocketAddress a) {
            return perAddress.getOrDefault(a, new long[2])[1];
        }

        long receivedFrom(InetSocketAddress a) {
            return perAddress.getOrDefault(a, new long[2])[0];
        }
    }

    private static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c,
                    (byte) d}), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConnectionConfig config() {
        return ConnectionConfig.builder().heartbeatInterval(java.time.Duration.ofSeconds(1)).build();
    }

    /** Sends MESSAGES messages from {@code sender} to {@code receiver}; runs {@code atQuarter} once a quarter arrived. */
    private static boolean transfer(Simulation sim, ConnectionEngine sender, ConnectionEngine receiver,
            Runnable atQuarter, List<Integer> received) {
        long stream = sender.openStream(DeliveryMode.RELIABLE, Priority.BULK);
        int[] next = {0};
        boolean[] fired = {false};
        return sim.runUntil(() -> {
            while (next[0] < MESSAGES && sender.send(stream, SimSupport.message(next[0], SIZE), sim.now())) {
                next[0]++;
            }
            SimSupport.drain(receiver, received);
            if (!fired[0] && received.size() >= MESSAGES / 4) {
                fired[0] = true;
                atQuarter.run();
            }
            return received.size() >= MESSAGES;
        }, 120_000_000_000L);
    }

    @Test
    void aNatRebindingDuringADownloadIsFollowedAndKeepsTheCongestionState() {
        try (Simulation sim = new Simulation(101)) {
            sim.up = LinkModel.ideal().delay(20);
            sim.down = LinkModel.ideal().delay(20);
            Simulation.Client c = sim.connect(config());
            EndpointConnection s = SimSupport.open(sim, c);
            Traffic traffic = new Traffic();
            traffic.attach(sim, s);
            InetSocketAddress before = c.address;
            InetSocketAddress after = new InetSocketAddress(before.getAddress(), before.getPort() + 1);
            var rttBefore = s.engine().rtt;
            List<Integer> received = SimSupport.newList();

            boolean done = transfer(sim, s.engine(), c.engine, () -> c.rebind(after), received);

            String why = "seed " + sim.seed() + " server " + s.engine().describeTimers() + " traffic to new "
                    + traffic.sentTo(after) + " from new " + traffic.receivedFrom(after);
            assertThat(done).as(why).isTrue();
            assertThat(received).as(why).doesNotContain(-1).isSorted().hasSize(MESSAGES);
            assertThat(s.engine().remoteAddress()).as(why).isEqualTo(after);
            assertThat(s.engine().path().isValidated()).as(why).isTrue();
            assertThat(s.engine().pathChanges).as(why).isEqualTo(1);
            assertThat(traffic.violations).as("sent beyond 3x to an unvalidated address: " + why).isZero();
            assertThat(s.engine().rtt).as("a port-only change keeps RTT and congestion state").isSameAs(rttBefore);
        }
    }

    @Test
    void aNewClientIpAddressDuringAnUploadResetsCongestionStateAndTheUploadCompletes() {
        try (Simulation sim = new Simulation(102)) {
            sim.up = LinkModel.ideal().delay(15);
            sim.down = LinkModel.ideal().delay(15);
            Simulation.Client c = sim.connect(config());
            EndpointConnection s = SimSupport.open(sim, c);
            Traffic traffic = new Traffic();
            traffic.attach(sim, s);
            InetSocketAddress after = address(10, 9, 9, 9, 50000);
            var rttBefore = s.engine().rtt;
            List<Integer> received = SimSupport.newList();

            boolean done = transfer(sim, c.engine, s.engine(), () -> c.rebind(after), received);

            String why = "seed " + sim.seed() + " server " + s.engine().describeTimers();
            assertThat(done).as(why).isTrue();
            assertThat(received).as(why).doesNotContain(-1).isSorted().hasSize(MESSAGES);
            assertThat(s.engine().remoteAddress()).isEqualTo(after);
            assertThat(s.engine().path().isValidated()).isTrue();
            assertThat(traffic.violations).as("sent beyond 3x to an unvalidated address: " + why).isZero();
            assertThat(s.engine().rtt).as("a new IP address starts RTT estimation afresh").isNotSameAs(rttBefore);
        }
    }

    @Test
    void aPacketReplayedFromAForgedAddressNeverMovesTheConnection() {
        try (Simulation sim = new Simulation(103)) {
            sim.up = LinkModel.ideal().delay(10);
            sim.down = LinkModel.ideal().delay(10);
            Simulation.Client c = sim.connect(config());
            EndpointConnection s = SimSupport.open(sim, c);
            Traffic traffic = new Traffic();
            traffic.attach(sim, s);
            InetSocketAddress forged = address(192, 0, 2, 66, 6666);
            byte[][] captured = new byte[1][];
            sim.upstreamTap = (from, bytes) -> captured[0] = bytes; // the attacker records the client's packets
            List<Integer> received = SimSupport.newList();

            boolean done = transfer(sim, c.engine, s.engine(), () -> {
                for (int i = 0; i < 20; i++) {
                    sim.inject(captured[0], forged, Simulation.SERVER, 30_000_000L + i); // after the original
                }
            }, received);

            assertThat(done).isTrue();
            assertThat(received).doesNotContain(-1).isSorted().hasSize(MESSAGES);
            assertThat(s.engine().remoteAddress()).isEqualTo(c.address);
            assertThat(s.engine().pathChanges).isZero();
            assertThat(traffic.sentTo(forged)).as("nothing is sent to the forged address").isZero();
        }
    }

    @Test
    void aForgedSourceThatOvertakesTheOriginalIsAmplificationLimitedAndTheConnectionFallsBack() {
        try (Simulation sim = new Simulation(104)) {
            sim.up = LinkModel.ideal().delay(10);
            sim.down = LinkModel.ideal().delay(10);
            Simulation.Client c = sim.connect(config());
            EndpointConnection s = SimSupport.open(sim, c);
            Traffic traffic = new Traffic();
            traffic.attach(sim, s);
            InetSocketAddress forged = address(192, 0, 2, 77, 7777);
            boolean[] attack = {false};
            int[] forgedCount = {0};
            // an on-path attacker rewrites the source of fresh client packets; its copies arrive first
            sim.upstreamTap = (from, bytes) -> {
                if (attack[0] && forgedCount[0] < 5) {
                    forgedCount[0]++;
                    sim.inject(bytes, forged, Simulation.SERVER, 1);
                }
            };
            List<Integer> received = SimSupport.newList();

            boolean done = transfer(sim, c.engine, s.engine(), () -> attack[0] = true, received);

            String why = "seed " + sim.seed() + " to forged " + traffic.sentTo(forged) + " from forged "
                    + traffic.receivedFrom(forged) + " server " + s.engine().describeTimers();
            assertThat(done).as(why).isTrue();
            assertThat(received).as(why).doesNotContain(-1).isSorted().hasSize(MESSAGES);
            assertThat(forgedCount[0]).isEqualTo(5);
            assertThat(s.engine().remoteAddress()).as(why).isEqualTo(c.address);
            assertThat(s.engine().pathChanges).as(why).isPositive();
            assertThat(traffic.violations).as(why).isZero();
            assertThat(traffic.sentTo(forged)).as(why)
                    .isLessThanOrEqualTo(PathState.AMPLIFICATION_FACTOR * traffic.receivedFrom(forged));
        }
    }
}
