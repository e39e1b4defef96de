package io.jetstreamproto.core.internal.sim;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.ConnectionIdLayout;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.endpoint.DatagramEndpoint;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A deterministic simulation: client {@link ConnectionEngine}s and one {@link DatagramEndpoint} exchange datagrams through
 * a simulated network ({@link LinkModel} per direction) on a virtual clock. Everything random comes from the seed,
 * which every assertion message should print (see {@link #seed()}), so a failure can be replayed exactly.
 */
public final class Simulation implements AutoCloseable {
    public static final InetSocketAddress SERVER;

    static {
        try {
            SERVER = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 100}), 4433);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record InFlight(long deliverAt, long sequence, InetSocketAddress to, InetSocketAddress from, byte[] bytes) {}

    /** One simulated client. */
    public final class Client {
        public final ConnectionEngine engine;
        /** The client's address as the server sees it (a NAT's public mapping); {@link #rebind} changes it. */
        public InetSocketAddress address;
        long timerDeadline = Long.MAX_VALUE;

        Client(ConnectionEngine engine, InetSocketAddress address) {
            this.engine = engine;
            this.address = address;
        }

        /**
         * The client's NAT mapping changes: from now on its datagrams come from {@code newAddress}, and datagrams to
         * the old address are lost (also those already on the way).
         */
        public void rebind(InetSocketAddress newAddress) {
            address = newAddress;
        }
    }

    private final long seed;
    private final Random random;
    private final RandomSource randomSource;
    private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;
    public final DatagramEndpoint server;
    public final ServerIdentity identity;
    private final List<Client> clients = new ArrayList<>();
    private final PriorityQueue<InFlight> network = new PriorityQueue<>((a, b) -> a.deliverAt != b.deliverAt
            ? Long.compare(a.deliverAt, b.deliverAt) : Long.compare(a.sequence, b.sequence));
    private long sequence;
    private long now = 1_000_000_000L;
    public LinkModel up = LinkModel.ideal();
    public LinkModel down = LinkModel.ideal();
    private long upBusyUntil;
    private long downBusyUntil;
    public long datagramsDelivered;
    public long datagramsDropped;
    /** An application wake-up (e.g. the next message of a paced sender); the run condition may move it. */
    public long wakeAt = Long.MAX_VALUE;
    /**
     * Virtual time each handshake job takes on the server's (unbounded) worker pool, as on a busy machine; 0 runs
     * jobs at once. Jobs finish in the order they started.
     */
    public long handshakeLatencyNanos;
    private final java.util.ArrayDeque<Object[]> runningJobs = new java.util.ArrayDeque<>();
    /** Sees every datagram a client sends, as sent (before the network impairs it): from, bytes. */
    public java.util.function.BiConsumer<InetSocketAddress, byte[]> upstreamTap;
    /** Sees every datagram the server sends, before the network: destination, size. */
    public java.util.function.BiConsumer<InetSocketAddress, Integer> serverSendTap;
    /** Sees every datagram delivered to the server: source, size. */
    public java.util.function.BiConsumer<InetSocketAddress, Integer> serverReceiveTap;

    public Simulation(long seed, ConnectionConfig serverConfig, EndpointConfig endpointConfig) {
        this.seed = seed;
        this.random = new Random(seed);
        this.randomSource = RandomSource.deterministicForTesting(seed);
        this.identity = ServerIdentity.generate(randomSource, false);
        this.server = DatagramEndpoint.server(serverConfig, new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                SuitePreference.hardwareDefault(), List.of(identity), PskStore.none(), new byte[0]), endpointConfig,
                ConnectionIdLayout.single(), randomSource, alloc, now);
    }

    public Simulation(long seed) {
        this(seed, ConnectionConfig.defaults(), EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER));
    }

    public long seed() {
        return seed;
    }

    public long now() {
        return now;
    }

    /** Starts a client connection; the handshake runs as the simulation runs. */
    public Client connect(ConnectionConfig config) {
        ClientSessionConfig sc = ClientSessionConfig.defaults(ServerTrust.pinned(identity.publicKeys()), "sim:4433");
        ConnectionEngine e = ConnectionEngine.client(config, sc, SERVER, randomSource, alloc, now);
        InetSocketAddress addr;
        try {
            int n = clients.size() + 1;
            addr = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n}),
                    40000 + (n % 20000));
        } catch (UnknownHostException ex) {
            throw new IllegalStateException(ex);
        }
        Client c = new Client(e, addr);
        clients.add(c);
        return c;
    }

    /** The server side of {@code client}'s connection, once its handshake job completed. */
    public EndpointConnection serverSideOf(Client client) {
        for (EndpointConnection sc : server.connections()) {
            if (sc.engine().remoteConnectionId().equals(client.engine.localConnectionId())) {
                return sc;
            }
        }
        return null;
    }

    /** Runs until {@code condition} holds or {@code maxNanos} of virtual time pass; returns whether it held. */
    public boolean runUntil(BooleanSupplier condition, long maxNanos) {
        long end = now + maxNanos;
        long lastNow = now;
        int stuck = 0;
        while (true) {
            flushAll();
            if (now == lastNow && ++stuck > 100_000) {
                throw new IllegalStateException("simulation stuck at " + now + " (seed " + seed + "): next event "
                        + nextEventTime() + ", server " + server.nextTimeoutNanos() + ", clients "
                        + clients.stream().map(c -> c.engine + " " + c.engine.describeTimers()).toList());
            } else if (now != lastNow) {
                lastNow = now;
                stuck = 0;
            }
            if (condition.getAsBoolean()) {
                return true;
            }
            flushAll(); // what the condition sent leaves now, not at the next event
            long next = nextEventTime();
            if (next == Long.MAX_VALUE || next > end) {
                now = Math.max(now, Math.min(end, next == Long.MAX_VALUE ? end : next));
                return condition.getAsBoolean();
            }
            now = Math.max(now, next);
            step();
        }
    }

    /** Runs for {@code nanos} of virtual time. */
    public void runFor(long nanos) {
        runUntil(() -> false, nanos);
    }

    private long nextEventTime() {
        long t = wakeAt > now ? wakeAt : Long.MAX_VALUE;
        if (!network.isEmpty()) {
            t = network.peek().deliverAt;
        }
        t = Math.min(t, server.nextTimeoutNanos());
        if (!runningJobs.isEmpty()) {
            t = Math.min(t, (long) runningJobs.peek()[1]);
        }
        for (Client c : clients) {
            t = Math.min(t, c.engine.nextTimeoutNanos());
        }
        return t;
    }

    private void step() {
        while (!network.isEmpty() && network.peek().deliverAt <= now) {
            InFlight f = network.poll();
            ByteBuf b = alloc.buffer(f.bytes.length).writeBytes(f.bytes);
            try {
                datagramsDelivered++;
                if (f.to.equals(SERVER)) {
                    if (serverReceiveTap != null) {
                        serverReceiveTap.accept(f.from, f.bytes.length);
                    }
                    server.handleDatagram(b, f.from, now);
                } else {
                    for (Client c : clients) {
                        if (c.address.equals(f.to)) {
                            c.engine.handleDatagram(b, SERVER, now);
                        }
                    }
                }
            } finally {
                b.release();
            }
        }
        if (server.nextTimeoutNanos() <= now) {
            server.handleTimeout(now);
        }
        for (Client c : clients) {
            if (c.engine.nextTimeoutNanos() <= now) {
                c.engine.handleTimeout(now);
            }
        }
    }

    /** Moves every datagram that may be sent now into the network; runs pending handshake jobs inline. */
    public void flushAll() {
        if (handshakeLatencyNanos == 0) {
            server.runHandshakesInline(now);
        } else {
            for (var j = server.pollHandshakeJob(); j != null; j = server.pollHandshakeJob()) {
                j.run();
                runningJobs.add(new Object[] {j, now + handshakeLatencyNanos});
            }
            while (!runningJobs.isEmpty() && (long) runningJobs.peek()[1] <= now) {
                server.completeHandshake((io.jetstreamproto.core.internal.endpoint.HandshakeJob) runningJobs.poll()[0],
                        now);
            }
        }
        for (Client c : clients) {
            for (ByteBuf d = c.engine.pollTransmit(now); d != null; d = c.engine.pollTransmit(now)) {
                if (upstreamTap != null) {
                    byte[] copy = new byte[d.readableBytes()];
                    d.getBytes(d.readerIndex(), copy);
                    upstreamTap.accept(c.address, copy);
                }
                send(d, c.address, SERVER, up, true);
            }
        }
        for (ByteBuf d = server.pollTransmit(now); d != null; d = server.pollTransmit(now)) {
            if (serverSendTap != null) {
                serverSendTap.accept(server.transmitDestination(), d.readableBytes());
            }
            send(d, SERVER, server.transmitDestination(), down, false);
        }
        for (EndpointConnection c = server.pollTouched(); c != null; c = server.pollTouched()) {
            // the engines' events stay in them for the tests to poll
        }
    }

    private void send(ByteBuf d, InetSocketAddress from, InetSocketAddress to, LinkModel link, boolean upstream) {
        byte[] bytes = new byte[d.readableBytes()];
        d.readBytes(bytes);
        d.release();
        if (now >= link.blackoutFrom && now < link.blackoutUntil) {
            datagramsDropped++;
            return;
        }
        if (link.burstEnter > 0) {
            link.inBurst = link.inBurst ? random.nextDouble() < link.burstStay : random.nextDouble() < link.burstEnter;
            if (link.inBurst) {
                datagramsDropped++;
                return;
            }
        }
        if (random.nextDouble() < link.loss) {
            datagramsDropped++;
            return;
        }
        long departure = now;
        if (link.bitsPerSecond > 0) {
            long busy = upstream ? upBusyUntil : downBusyUntil;
            long start = Math.max(now, busy);
            long queued = (start - now) * link.bitsPerSecond / 8 / 1_000_000_000L;
            if (queued + bytes.length > link.queueBytes) {
                datagramsDropped++; // drop-tail
                return;
            }
            long serialization = bytes.length * 8L * 1_000_000_000L / link.bitsPerSecond;
            departure = start + serialization;
            if (upstream) {
                upBusyUntil = departure;
            } else {
                downBusyUntil = departure;
            }
        }
        int copies = random.nextDouble() < link.duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            byte[] b = bytes;
            if (random.nextDouble() < link.corrupt) {
                b = bytes.clone();
                b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
            }
            long jitter = link.jitterNanos > 0 ? (long) (random.nextDouble() * link.jitterNanos) : 0;
            network.add(new InFlight(departure + link.delayNanos + jitter, sequence++, to, from, b));
        }
    }

    /**
     * Puts {@code bytes} on the network as if {@code from} had sent them to {@code to}, arriving after
     * {@code delayNanos} (an attacker's replay or forgery: no impairment applies).
     */
    public void inject(byte[] bytes, InetSocketAddress from, InetSocketAddress to, long delayNanos) {
        network.add(new InFlight(now + delayNanos, sequence++, to, from, bytes.clone()));
    }

    /** Aborts every connection still alive, releasing its buffers (so leak detection sees only real leaks). */
    @Override
    public void close() {
        network.clear();
        for (Client c : clients) {
            c.engine.abort(io.jetstreamproto.core.internal.CloseReason.INTERNAL_ERROR, "simulation ended");
        }
        for (EndpointConnection sc : server.connections()) {
            sc.engine().abort(io.jetstreamproto.core.internal.CloseReason.INTERNAL_ERROR, "simulation ended");
        }
    }
}
