package io.jetstreamproto.transport.internal.udp;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.ConnectionIdLayout;
import io.jetstreamproto.core.internal.endpoint.DatagramEndpoint;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.endpoint.EndpointStats;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.transport.internal.EngineBackend;
import io.jetstreamproto.transport.internal.TransportResources;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The UDP side of an endpoint: one unconnected socket per event loop, bound to the same address (with native epoll,
 * SO_REUSEPORT lets them share one port; with NIO there is one socket), each with its own {@link UdpWorker}.
 * Connections — client and server side — are spread over the workers and routed by connection id, whose layout
 * names the worker ({@link ConnectionIdLayout}). Thread-safe.
 */
public final class UdpEndpoint {
    /** Kernel buffer of each socket: room for bursts from many connections. */
    private static final int SOCKET_BUFFER = 8 << 20;
    /** Datagrams read with one system call at most (native epoll only). */
    private static final int READ_BATCH = 16;

    private final TransportResources resources;
    private final List<UdpWorker> workers = new ArrayList<>();
    private final AtomicInteger nextWorker = new AtomicInteger();
    private final AtomicInteger liveConnections = new AtomicInteger();
    final AtomicLong socketErrors = new AtomicLong();
    final AtomicLong datagramsSent = new AtomicLong();
    private volatile Consumer<EngineBackend> acceptor;
    private volatile Runnable onIdle;
    private volatile RefusalLog refusalLog;
    private volatile boolean closed;

    private UdpEndpoint(TransportResources resources) {
        this.resources = resources;
    }

    /**
     * Binds one socket per event loop of {@code resources} (at most {@code maxWorkers}; one without epoll) to
     * {@code address}. With {@code sharePort} (a server's address, or an explicit port) the first socket picks the
     * port when {@code address} has port 0 and the others share it (SO_REUSEPORT: the kernel spreads peers over the
     * sockets, and datagrams that reach the wrong one are forwarded by connection id). Without it (client endpoints
     * on port 0) each socket gets its own ephemeral port, so that a connection's datagrams always reach its own
     * socket — even compact packets, which carry no connection id to a client.
     */
    public static CompletableFuture<UdpEndpoint> bind(TransportResources resources, InetSocketAddress address,
            int maxWorkers, boolean sharePort) {
        UdpEndpoint e = new UdpEndpoint(resources);
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor ex : resources.group()) {
            if (loops.size() < (resources.isEpoll() ? maxWorkers : 1)) {
                loops.add((EventLoop) ex);
            }
        }
        ConnectionIdLayout layout = new ConnectionIdLayout(new byte[0], loops.size(), 0);
        for (int i = 0; i < loops.size(); i++) {
            e.workers.add(new UdpWorker(e, i, DatagramEndpoint.client(layout.forWorker(i), resources.random(),
                    PooledByteBufAllocator.DEFAULT)));
        }
        CompletableFuture<UdpEndpoint> result = new CompletableFuture<>();
        e.bindFrom(0, loops, address, sharePort || address.getPort() != 0, result);
        return result;
    }

    /**
     * An endpoint on channels the caller has already set up and drives itself (an {@code EmbeddedChannel} in the
     * substrate tests): one worker per channel, added to its pipeline. Nothing is bound.
     */
    public static UdpEndpoint attach(TransportResources resources, List<? extends io.netty.channel.Channel> channels) {
        UdpEndpoint e = new UdpEndpoint(resources);
        ConnectionIdLayout layout = new ConnectionIdLayout(new byte[0], channels.size(), 0);
        for (int i = 0; i < channels.size(); i++) {
            UdpWorker w = new UdpWorker(e, i, DatagramEndpoint.client(layout.forWorker(i), resources.random(),
                    PooledByteBufAllocator.DEFAULT));
            e.workers.add(w);
            channels.get(i).pipeline().addLast(w);
            w.bound(channels.get(i));
        }
        return e;
    }

    private void bindFrom(int i, List<EventLoop> loops, InetSocketAddress address, boolean sharePort,
            CompletableFuture<UdpEndpoint> done) {
        if (i == loops.size()) {
            done.complete(this);
            return;
        }
        UdpWorker w = workers.get(i);
        Bootstrap b = new Bootstrap().group(loops.get(i)).channel(resources.datagramChannelClass()).handler(w);
        if (resources.isEpoll()) {
            b.option(UnixChannelOption.SO_REUSEPORT, true); // also lets handshake watchers bind the same port
        }
        socketOptions(b, resources.isEpoll());
        ChannelFuture f = b.bind(address);
        f.addListener(x -> {
            if (!x.isSuccess()) {
                for (UdpWorker bound : workers) {
                    if (bound.channel() != null) {
                        bound.channel().close();
                    }
                }
                done.completeExceptionally(x.cause());
                return;
            }
            w.bound(f.channel());
            // with a shared port the others take the port the first one got
            bindFrom(i + 1, loops, i == 0 && sharePort ? w.localAddress() : address, sharePort, done);
        });
    }

    /**
     * Buffers and reads of every socket of an endpoint: large kernel buffers for bursts from many connections and,
     * with native epoll, recvmmsg (up to READ_BATCH datagrams per system call, each in a slot of the largest
     * datagram size) — under load (many connections' heartbeats, bursts of handshakes) most of the receive cost.
     */
    static void socketOptions(Bootstrap b, boolean epoll) {
        b.option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER).option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        if (epoll) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, ConnectionConfig.MAX_DATAGRAM_SIZE)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(ConnectionConfig.MAX_DATAGRAM_SIZE * READ_BATCH));
        }
    }

    TransportResources resources() {
        return resources;
    }

    UdpWorker worker(int index) {
        return index < workers.size() ? workers.get(index) : null;
    }

    public InetSocketAddress localAddress() {
        return workers.get(0).localAddress();
    }

    public int workerCount() {
        return workers.size();
    }

    /** Datagram socket errors seen (ICMP errors, buffer overruns), over all sockets. */
    public long socketErrors() {
        return socketErrors.get();
    }

    /** Datagrams handed to the sockets, over all workers. */
    public long datagramsSent() {
        return datagramsSent.get();
    }

    /** Runs {@code callback} each time the last connection has ended (endpoints that close when idle). */
    public void onIdle(Runnable callback) {
        this.onIdle = callback;
    }

    // ------------------------------------------------------------------ connections

    /**
     * Starts a client connection on the next worker; the future completes on that worker's loop with the backend,
     * before its first datagram is sent (so that the caller can {@code start} it there). The key generation of the
     * handshake runs on the handshake pool, not on the event loop, so that a burst of connects does not stall the
     * sockets of the loop.
     */
    public CompletableFuture<EngineBackend> connect(InetSocketAddress server, ConnectionConfig config,
            ClientSessionConfig sessionConfig) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("endpoint closed"));
        }
        UdpWorker w = workers.get(Math.floorMod(nextWorker.getAndIncrement(), workers.size()));
        CompletableFuture<EngineBackend> result = new CompletableFuture<>();
        liveConnections.incrementAndGet();
        result.whenComplete((b, e) -> {
            if (e != null) {
                connectionEnded(null);
            }
        });
        w.loop().execute(() -> {
            ConnectionConfig effective = w.endpoint.clientConfig(config, server);
            var cid = w.endpoint.proposeConnectionId();
            try {
                resources.handshakeWorkers().execute(() -> {
                    try {
                        var session = io.jetstreamproto.core.internal.engine.ConnectionEngine.startClientSession(
                                effective, sessionConfig, cid, resources.random(), w.now());
                        w.loop().execute(() -> register(w, session, effective, server, result));
                    } catch (RuntimeException ex) {
                        w.loop().execute(() -> w.endpoint.releaseConnectionId(cid));
                        result.completeExceptionally(ex);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException ex) {
                w.endpoint.releaseConnectionId(cid);
                result.completeExceptionally(new IllegalStateException("too many handshakes in progress", ex));
            }
        });
        return result;
    }

    private void register(UdpWorker w, io.jetstreamproto.crypto.internal.session.ClientSession session,
            ConnectionConfig config, InetSocketAddress server, CompletableFuture<EngineBackend> result) {
        try {
            EndpointConnection c = w.endpoint.register(session, config, server, w.now());
            EngineBackend b = new EngineBackend(c.engine(), w, "udp");
            b.hostData = c;
            c.attachment = b;
            w.watch(c, server);
            result.complete(b);
            w.flush();
        } catch (RuntimeException ex) {
            result.completeExceptionally(ex);
        }
    }

    /**
     * Starts accepting connections on every worker; each connection whose handshake completes goes to
     * {@code onAccepted} on its loop (before any of its events are delivered).
     */
    public CompletableFuture<Void> listen(ConnectionConfig config, ServerHandshakeParams handshake,
            EndpointConfig limits, Consumer<EngineBackend> onAccepted) {
        this.acceptor = onAccepted;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (UdpWorker w : workers) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            w.loop().execute(() -> {
                try {
                    w.endpoint.listen(config, handshake, limits, w.now());
                    f.complete(null);
                } catch (RuntimeException ex) {
                    f.completeExceptionally(ex);
                }
            });
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    RefusalLog r = RefusalLog.startIfEnabled(this, workers.get(0).loop());
                    refusalLog = r;
                    if (r != null && closed) {
                        r.stop(); // closed while listening started: close() may not have seen it
                    }
                });
    }

    void serverConnectionCreated(UdpWorker w, EndpointConnection c) {
        EngineBackend b = new EngineBackend(c.engine(), w, "udp");
        b.hostData = c;
        c.attachment = b;
        liveConnections.incrementAndGet();
        Consumer<EngineBackend> a = acceptor;
        if (a != null) {
            b.onEstablished(a);
        }
    }

    void connectionEnded(EngineBackend b) {
        Runnable r = onIdle;
        if (liveConnections.decrementAndGet() == 0 && r != null) {
            r.run(); // may find a connection started meanwhile and do nothing
        }
    }

    /** Live connections on all workers (client and server side). */
    public int connectionCount() {
        return liveConnections.get();
    }

    /** Counters summed over the workers (gathered on each loop). */
    public CompletableFuture<EndpointStats> stats() {
        List<CompletableFuture<EndpointStats>> parts = new ArrayList<>();
        for (UdpWorker w : workers) {
            parts.add(CompletableFuture.supplyAsync(w.endpoint::stats, w.loop()));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> EndpointStats.sum(parts.stream().map(CompletableFuture::join).toList()));
    }

    /**
     * Closes every connection (the peers are told {@code reason}), then the sockets; the future completes when all
     * sockets are closed. The resources are the caller's to release.
     */
    public CompletableFuture<Void> close(CloseReason reason, String phrase) {
        closed = true;
        RefusalLog r = refusalLog;
        if (r != null) {
            r.stop();
        }
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (UdpWorker w : workers) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            all.add(f);
            if (w.channel() == null) {
                f.complete(null);
                continue;
            }
            w.loop().execute(() -> w.shutdown(reason, phrase, () -> f.complete(null)));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "UdpEndpoint[" + (workers.get(0).channel() == null ? "unbound" : localAddress()) + ", "
                + workers.size() + " worker(s), " + resources.transportName() + "]";
    }
}
