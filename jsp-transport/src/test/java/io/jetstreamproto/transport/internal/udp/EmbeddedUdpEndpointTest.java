package io.jetstreamproto.transport.internal.udp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.CloseInfo;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointStats;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.session.HandshakeSummary;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.internal.ConnectionBackend;
import io.jetstreamproto.transport.internal.EngineBackend;
import io.jetstreamproto.transport.internal.TransportResources;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The UDP substrate without a socket: client and server {@link UdpEndpoint}s on Netty {@link EmbeddedChannel}s, with
 * this test as the network between them (it moves every datagram a channel writes to the channel it is addressed
 * to, and can rewrite the client's source address like a NAT). It checks what the Netty layer adds to the sans-IO
 * core: that the worker feeds datagrams to its endpoint and writes what the endpoint sends to the address the
 * endpoint names, runs handshake work through the pool and back on the loop, forwards datagrams that reach the wrong
 * worker, delivers the backend's events, and releases every buffer (the run uses paranoid leak detection).
 */
class EmbeddedUdpEndpointTest {
    private static final InetSocketAddress SERVER = address(10, 0, 0, 1, 4433);
    private static final InetSocketAddress CLIENT = address(192, 168, 1, 2, 50000);

    private final RandomSource random = RandomSource.deterministicForTesting(7);
    private final ServerIdentity identity = ServerIdentity.generate(random, false);
    private final TransportResources resources = TransportResources.withoutThreads(ImmediateEventExecutor.INSTANCE);
    private final List<UdpChannel> channels = new ArrayList<>();
    /** The one clock of every channel's event loop, and so of every connection (the workers read their loop's). */
    private final MockTicker ticker = Ticker.newMockTicker();
    /** How much simulated time one {@link #pump()} covers: far less than any heartbeat or idle timeout. */
    private static final long HORIZON = TimeUnit.MILLISECONDS.toNanos(500);
    /** What the "NAT" in front of the client currently maps its socket to. */
    private InetSocketAddress clientPublic = CLIENT;
    /** The server socket the "kernel" delivers client datagrams to. */
    private int kernelTarget;

    @AfterEach
    void closeChannels() {
        for (UdpChannel c : channels) {
            c.finishAndReleaseAll();
        }
    }

    @Test
    void aHandshakeAndAMessageEachWayCrossTheEmbeddedChannels() throws Exception {
        Pair p = connect(1);
        assertThat(p.client.connected).isNotNull();
        assertThat(p.server.connected).isNotNull();

        assertThat(send(p.client, "hello from the client")).isTrue();
        pump();
        assertThat(p.server.texts()).containsExactly("hello from the client");

        assertThat(send(p.server, "hello from the server")).isTrue();
        pump();
        assertThat(p.client.texts()).containsExactly("hello from the server");

        assertThat(p.clientEndpoint.datagramsSent()).isPositive();
        assertThat(p.serverEndpoint.datagramsSent()).isPositive();
        EndpointStats stats = stats(p.serverEndpoint);
        assertThat(stats.handshakesCompleted()).isEqualTo(1);
        assertThat(stats.connections()).isEqualTo(1);
        assertThat(stats.malformed()).isZero();
    }

    @Test
    void garbageAndForgedDatagramsAreDroppedAndCountedAndTheConnectionLivesOn() throws Exception {
        Pair p = connect(1);
        UdpChannel serverChannel = channels.get(0);
        long before = stats(p.serverEndpoint).datagramsReceived();
        serverChannel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), SERVER, CLIENT));
        byte[] forged = new byte[1200];
        forged[0] = (byte) 0x40; // a short-header packet for a connection id nobody has
        serverChannel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(forged), SERVER, CLIENT));
        serverChannel.writeInbound(new DatagramPacket(Unpooled.EMPTY_BUFFER, SERVER, CLIENT));
        serverChannel.checkException();

        EndpointStats stats = stats(p.serverEndpoint);
        assertThat(stats.datagramsReceived() - before).isEqualTo(3);
        assertThat(stats.malformed() + stats.unknownConnection()).isEqualTo(3);

        assertThat(send(p.client, "still here")).isTrue();
        pump();
        assertThat(p.server.texts()).containsExactly("still here");
    }

    @Test
    void afterANatRebindingTheServerAnswersTheNewAddress() throws Exception {
        Pair p = connect(1);
        assertThat(send(p.client, "before")).isTrue();
        pump();

        clientPublic = address(203, 0, 113, 9, 61000); // the NAT gave the client a new mapping
        assertThat(send(p.client, "after")).isTrue();
        pump();
        assertThat(p.server.texts()).containsExactly("before", "after");
        assertThat(p.server.paths).isNotEmpty();
        assertThat(p.server.paths.get(p.server.paths.size() - 1)).isEqualTo(clientPublic);

        assertThat(send(p.server, "reply")).isTrue();
        List<InetSocketAddress> destinations = pump();
        assertThat(destinations).isNotEmpty().allMatch(clientPublic::equals);
        assertThat(p.client.texts()).containsExactly("reply");
        assertThat(p.serverBackend.remoteAddress()).isEqualTo(clientPublic);
    }

    @Test
    void aDatagramThatReachesTheWrongWorkerIsForwardedToTheConnectionsOwn() throws Exception {
        // Two server workers share the port. The handshake reaches worker 0, which then owns the connection; later
        // the "kernel" (this test) hashes the client's datagrams to worker 1, as after a NAT rebinding.
        Pair p = connect(2);
        UdpEndpoint server = p.serverEndpoint;
        assertThat(p.serverBackend.loop()).isSameAs(server.worker(0).loop());

        kernelTarget = 1;
        assertThat(send(p.client, "via the other socket")).isTrue();
        pump();
        assertThat(p.server.texts()).containsExactly("via the other socket");
        assertThat(server.worker(1).endpoint.stats().datagramsReceived())
                .as("worker 1 handed the datagrams on instead of reading them").isZero();
        assertThat(server.worker(1).endpoint.stats().unknownConnection()).isZero();
        assertThat(server.worker(0).endpoint.stats().datagramsReceived()).isPositive();
    }

    @Test
    void closingTheEndpointTellsThePeerAndEndsTheBackends() throws Exception {
        Pair p = connect(1);
        CompletableFuture<Void> closed = p.serverEndpoint.close(
                io.jetstreamproto.core.internal.CloseReason.GOING_AWAY, "maintenance");
        pump();
        assertThat(closed).isCompleted();
        assertThat(p.server.closed).isNotNull();
        assertThat(p.client.closed).isNotNull();
        assertThat(p.client.closed.reason()).isEqualTo(io.jetstreamproto.core.internal.CloseReason.GOING_AWAY);
        assertThat(p.client.closed.byPeer()).isTrue();
        assertThat(p.clientBackend.isOpen()).isFalse();
    }

    // ------------------------------------------------------------------ the harness

    /** One client connection and its server side, with the events each backend delivered. */
    private static final class Pair {
        UdpEndpoint clientEndpoint;
        UdpEndpoint serverEndpoint;
        EngineBackend clientBackend;
        EngineBackend serverBackend;
        final Recorder client = new Recorder();
        Recorder server;
    }

    private Pair connect(int serverWorkers) throws Exception {
        return connectTo(serverEndpoint(serverWorkers));
    }

    private UdpEndpoint serverEndpoint(int workers) throws Exception {
        List<UdpChannel> serverChannels = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            serverChannels.add(channel(SERVER));
        }
        UdpEndpoint server = UdpEndpoint.attach(resources, serverChannels);
        ServerHandshakeParams params = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                SuitePreference.hardwareDefault(), List.of(identity), PskStore.none(), new byte[0]);
        CompletableFuture<Void> listening = server.listen(ConnectionConfig.defaults(), params,
                EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER), this::accepted);
        pump();
        listening.get(5, TimeUnit.SECONDS);
        return server;
    }

    private final List<EngineBackend> acceptedInOrder = new ArrayList<>();

    private void accepted(EngineBackend b) {
        acceptedInOrder.add(b);
    }

    private Pair connectTo(UdpEndpoint server) throws Exception {
        Pair p = new Pair();
        p.serverEndpoint = server;
        p.clientEndpoint = UdpEndpoint.attach(resources, List.of(channel(CLIENT)));
        int acceptedBefore = acceptedInOrder.size();
        ClientSessionConfig session = ClientSessionConfig.defaults(ServerTrust.pinned(identity.publicKeys()), "test");
        CompletableFuture<EngineBackend> backend = p.clientEndpoint.connect(SERVER, ConnectionConfig.defaults(),
                session);
        pump();
        p.clientBackend = backend.get(5, TimeUnit.SECONDS);
        p.clientBackend.start(p.client);
        pump();
        assertThat(acceptedInOrder).as("the server accepted the connection").hasSize(acceptedBefore + 1);
        p.serverBackend = acceptedInOrder.get(acceptedBefore);
        p.server = new Recorder();
        p.serverBackend.start(p.server);
        pump();
        p.client.backend = p.clientBackend;
        p.server.backend = p.serverBackend;
        return p;
    }

    private static boolean send(Recorder side, String text) {
        long stream = side.stream == -1 ? side.stream = side.backend.openStream(DeliveryMode.RELIABLE,
                Priority.CHAT) : side.stream;
        ByteBuf data = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        boolean taken = side.backend.send(stream, data);
        if (!taken) {
            data.release();
        }
        return taken;
    }

    /**
     * Runs the channels' tasks and moves datagrams, advancing the shared clock from timer to timer, for
     * {@link #HORIZON} of simulated time; returns the destinations of the datagrams the server wrote. Datagrams to
     * the server reach its worker {@link #kernelTarget} (as the kernel's hash would); datagrams from a client carry
     * the address the "NAT" maps it to as their source.
     */
    private List<InetSocketAddress> pump() {
        List<InetSocketAddress> serverDestinations = new ArrayList<>();
        long end = ticker.nanoTime() + HORIZON;
        while (true) {
            boolean moved = false;
            for (UdpChannel c : List.copyOf(channels)) {
                c.runPendingTasks();
                for (DatagramPacket d = c.readOutbound(); d != null; d = c.readOutbound()) {
                    moved = true;
                    InetSocketAddress to = d.recipient();
                    if (c.local.equals(SERVER)) {
                        serverDestinations.add(to);
                        UdpChannel client = clientChannelFor(to);
                        if (client == null) {
                            d.release(); // nobody there (an old NAT mapping)
                        } else {
                            client.writeInbound(new DatagramPacket(d.content(), client.local, SERVER));
                        }
                    } else {
                        assertThat(to).isEqualTo(SERVER);
                        serverChannel(kernelTarget).writeInbound(new DatagramPacket(d.content(), SERVER, publicOf(c)));
                    }
                }
                c.checkException();
            }
            if (moved || channels.stream().anyMatch(EmbeddedChannel::hasPendingTasks)) {
                continue;
            }
            long next = Long.MAX_VALUE;
            for (UdpChannel c : channels) {
                long delay = c.runScheduledPendingTasks(); // nanoseconds to its next timer, -1 if none
                if (delay >= 0) {
                    next = Math.min(next, delay);
                }
            }
            if (next == Long.MAX_VALUE || ticker.nanoTime() + next > end) {
                return serverDestinations;
            }
            ticker.advance(Math.max(next, 1), TimeUnit.NANOSECONDS);
        }
    }

    private EndpointStats stats(UdpEndpoint e) throws Exception {
        CompletableFuture<EndpointStats> f = e.stats(); // gathered on each worker's loop
        pump();
        return f.get(5, TimeUnit.SECONDS);
    }

    private UdpChannel serverChannel(int index) {
        return channels.stream().filter(c -> c.local.equals(SERVER)).skip(index).findFirst().orElseThrow();
    }

    /** Client channels are told apart by the public address the NAT maps them to (one client per port here). */
    private InetSocketAddress publicOf(UdpChannel client) {
        int n = clientIndex(client);
        return n == 0 ? clientPublic : new InetSocketAddress(clientPublic.getAddress(), clientPublic.getPort() + n);
    }

    private UdpChannel clientChannelFor(InetSocketAddress publicAddress) {
        for (UdpChannel c : channels) {
            if (!c.local.equals(SERVER) && publicOf(c).equals(publicAddress)) {
                return c;
            }
        }
        return null;
    }

    private int clientIndex(UdpChannel client) {
        int n = 0;
        for (UdpChannel c : channels) {
            if (c == client) {
                return n;
            }
            if (!c.local.equals(SERVER)) {
                n++;
            }
        }
        throw new IllegalArgumentException();
    }

    private UdpChannel channel(InetSocketAddress local) {
        UdpChannel c = new UdpChannel(local, ticker);
        channels.add(c);
        return c;
    }

    /** An embedded channel with a socket address of its own (the worker reports it as the local address). */
    private static final class UdpChannel extends EmbeddedChannel {
        final InetSocketAddress local;

        UdpChannel(InetSocketAddress local, Ticker ticker) {
            super(EmbeddedChannel.builder().ticker(ticker));
            this.local = local;
        }

        @Override
        protected SocketAddress localAddress0() {
            return local;
        }
    }

    /** The events a backend delivered, and the messages read from it. */
    private static final class Recorder implements ConnectionBackend.Events {
        EngineBackend backend;
        long stream = -1;
        HandshakeSummary connected;
        CloseInfo closed;
        final List<InetSocketAddress> paths = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();

        List<String> texts() {
            if (backend != null) {
                for (ReceivedMessage m = backend.pollMessage(); m != null; m = backend.pollMessage()) {
                    try {
                        texts.add(m.data().toString(StandardCharsets.UTF_8));
                    } finally {
                        m.data().release();
                    }
                }
            }
            return texts;
        }

        @Override
        public void connected(HandshakeSummary summary) {
            connected = summary;
        }

        @Override
        public void readable() {
        }

        @Override
        public void writable() {
        }

        @Override
        public void streamOpened(long streamId) {
        }

        @Override
        public void streamReset(long streamId, long errorCode) {
        }

        @Override
        public void pathChanged(InetSocketAddress from, InetSocketAddress to, boolean validated) {
            paths.add(to);
        }

        @Override
        public void closed(CloseInfo info, ConnectionStats finalStats) {
            closed = info;
        }
    }

    private static InetSocketAddress address(int a, int b, int c, int d, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}),
                    port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
