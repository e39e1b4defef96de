package io.jetstreamproto.transport;

import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.transport.internal.Loggers;
import io.jetstreamproto.transport.internal.TransportResources;
import io.jetstreamproto.transport.internal.udp.UdpEndpoint;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A local UDP address that connections go out from and come in to (quinn's {@code Endpoint}): one socket per event
 * loop sharing the port, many connections on each, told apart by connection id. A process that connects to many
 * peers uses one endpoint for all of them (a handful of file descriptors, not one per connection), and an endpoint
 * can also {@linkplain #listen listen} on the same port, as peer-to-peer applications need.
 *
 * <pre>{@code
 * try (Endpoint endpoint = Endpoint.builder().eventLoopGroup(myNettyGroup).build()) {
 *     Connection a = endpoint.connect("a.example:4433", ConnectionConfig.defaults(), trust);
 *     Connection b = endpoint.connect("b.example:4433", ConnectionConfig.defaults(), trust);
 * }
 * }</pre>
 *
 * {@link Connection#connect} uses a default endpoint made on first use, on default threads, which closes and frees
 * its threads and socket when its last connection has closed. Thread-safe.
 */
public final class Endpoint implements AutoCloseable {
    private static final Object DEFAULT_LOCK = new Object();
    private static Endpoint defaultClient;

    private final UdpEndpoint udp;
    private final TransportResources resources;
    private final boolean closesWhenIdle;
    private volatile boolean closed;

    private Endpoint(UdpEndpoint udp, TransportResources resources, boolean closesWhenIdle) {
        this.udp = udp;
        this.resources = resources;
        this.closesWhenIdle = closesWhenIdle;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to make an endpoint. */
    public static final class Builder {
        private InetSocketAddress bind;
        private EventLoopGroup group;
        private int maxWorkers = Integer.MAX_VALUE;
        private boolean sharePort;

        private Builder() {}

        /** All sockets on one port even when bound to port 0 (for a listener). */
        Builder sharePort() {
            this.sharePort = true;
            return this;
        }

        /**
         * The local address (default: every address, IPv6 and IPv4 where the system allows). With port 0, each event
         * loop's socket gets an ephemeral port of its own; with a given port, all sockets share it.
         */
        public Builder bind(InetSocketAddress address) {
            this.bind = address;
            return this;
        }

        /**
         * Runs on the application's Netty event loops (epoll or NIO; one socket per loop) instead of default threads.
         * The endpoint never shuts the group down.
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** At most this many sockets (event loops) share the port (default: one per event loop). */
        public Builder maxWorkers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxWorkers must be at least 1");
            }
            this.maxWorkers = n;
            return this;
        }

        /** Binds the sockets. */
        public Endpoint build() throws IOException {
            TransportResources r = group == null ? TransportResources.acquireShared() : TransportResources.on(group);
            try {
                Endpoint e = new Endpoint(bindUdp(r, bind, maxWorkers, sharePort), r, false);
                Loggers.ENDPOINT.info("endpoint bound to {} ({} socket(s), {})", e.localAddress(),
                        e.udp.workerCount(), r.transportName());
                return e;
            } catch (IOException | RuntimeException e) {
                r.release();
                throw e;
            }
        }
    }

    private static UdpEndpoint bindUdp(TransportResources r, InetSocketAddress bind, int maxWorkers,
            boolean sharePort) throws IOException {
        InetSocketAddress address = bind != null ? bind : wildcard();
        try {
            return UdpEndpoint.bind(r, address, maxWorkers, sharePort).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (bind == null && address.getAddress() instanceof Inet6Address) {
                return bindUdp(r, new InetSocketAddress(0), maxWorkers, sharePort); // no IPv6 here: IPv4 only
            }
            throw new IOException("cannot bind UDP " + address + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("binding UDP " + address + " did not finish within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + address, e);
        }
    }

    private static InetSocketAddress wildcard() {
        try {
            return new InetSocketAddress(InetAddress.getByName("::"), 0);
        } catch (java.net.UnknownHostException e) {
            return new InetSocketAddress(0);
        }
    }

    /** The default client endpoint, made now if there is none; the caller must start a connection on it at once. */
    static Endpoint defaultClient() throws IOException {
        synchronized (DEFAULT_LOCK) {
            if (defaultClient == null || defaultClient.closed) {
                TransportResources r = TransportResources.acquireShared();
                try {
                    Endpoint e = new Endpoint(bindUdp(r, null, Integer.MAX_VALUE, false), r, true);
                    // made and closed on demand by Connection.connect, possibly often: not INFO
                    Loggers.ENDPOINT.debug("default client endpoint bound to {}", e.localAddress());
                    // not on the loop that saw the last close: the lock may be held by a thread binding on it
                    e.udp.onIdle(() -> CompletableFuture.runAsync(e::closeIfIdle));
                    defaultClient = e;
                } catch (IOException | RuntimeException ex) {
                    r.release();
                    throw ex;
                }
            }
            return defaultClient;
        }
    }

    /** Connects through the default client endpoint (atomically with respect to its closing when idle). */
    static CompletableFuture<Connection> connectThroughDefault(InetSocketAddress address, ConnectionConfig config,
            ServerTrust trust, EventListener listener) {
        synchronized (DEFAULT_LOCK) {
            try {
                return defaultClient().connectAsync(address, config, trust, listener);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private void closeIfIdle() {
        synchronized (DEFAULT_LOCK) {
            if (udp.connectionCount() > 0 || closed) {
                return; // a connection started meanwhile
            }
            closed = true;
            if (defaultClient == this) {
                defaultClient = null;
            }
        }
        Loggers.ENDPOINT.debug("default client endpoint {} closed: idle", udp.localAddress());
        udp.close(io.jetstreamproto.core.internal.CloseReason.NORMAL, "").whenComplete((v, e) -> resources.release());
    }

    // ---------------------------------------------------------------- connecting and listening

    /** Connects to {@code "host:port"} (or {@code "[v6]:port"}), verifying the server's key with {@code trust}. */
    public Connection connect(String address, ConnectionConfig config, ServerTrust trust)
            throws IOException, InterruptedException {
        return Connection.await(connectAsync(Addresses.parse(address), config, trust, null));
    }

    /** Connects to {@code address}, verifying the server's key with {@code trust}; blocks until open or failed. */
    public Connection connect(InetSocketAddress address, ConnectionConfig config, ServerTrust trust)
            throws IOException, InterruptedException {
        return Connection.await(connectAsync(address, config, trust, null));
    }

    /**
     * Starts connecting; the future completes with the open connection, or fails with
     * {@link ConnectionClosedException} (handshake failure, timeout, refused) or an {@link IOException}.
     * {@code listener} (may be null) sees the connection's events from the start of its handshake.
     */
    public CompletableFuture<Connection> connectAsync(InetSocketAddress address, ConnectionConfig config,
            ServerTrust trust, EventListener listener) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("cannot resolve " + address.getHostString()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("endpoint closed"));
        }
        ClientSessionConfig session = ClientSessionConfig.defaults(trust.internal(), Addresses.serverName(address));
        CompletableFuture<Connection> result = new CompletableFuture<>();
        udp.connect(address, config.internal(), session).whenComplete((backend, err) -> {
            if (err != null) {
                result.completeExceptionally(new IOException("cannot connect to " + address + ": "
                        + err.getMessage(), err));
                return;
            }
            Connection c = new Connection(backend, config, listener == null ? List.of() : List.of(listener));
            c.establishedFuture().whenComplete((ok, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(ok);
                }
            });
        });
        return result;
    }

    /**
     * Accepts connections on this endpoint's address, authenticating as {@code identity}, with {@code limits}
     * (connections, half-open handshakes, retry policy). One listener per endpoint; closing it closes the
     * connections it accepted, not the endpoint.
     *
     * @throws IllegalStateException if this endpoint already listens
     */
    public Listener listen(ConnectionConfig config, ServerIdentity identity, ListenerConfig limits)
            throws IOException, InterruptedException {
        return Listener.start(this, config, identity, limits, false);
    }

    UdpEndpoint udp() {
        return udp;
    }

    /** The local address (the port all sockets of this endpoint share). */
    public InetSocketAddress localAddress() {
        return udp.localAddress();
    }

    /** Live connections, both directions. */
    public int connectionCount() {
        return udp.connectionCount();
    }

    /** Datagrams sent, over all sockets. */
    public long datagramsSent() {
        return udp.datagramsSent();
    }

    /** Socket errors seen (ICMP errors reported by the kernel, failed writes), over all sockets. */
    public long socketErrors() {
        return udp.socketErrors();
    }

    /** Endpoint counters (handshakes, drops by reason, connections), summed over its sockets. */
    public EndpointStats stats() {
        try {
            return new EndpointStats(udp.stats().get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading endpoint statistics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read endpoint statistics", e);
        }
    }

    /** Closes every connection (GOING_AWAY), the sockets, and the threads this endpoint owns. Idempotent. */
    @Override
    public void close() {
        synchronized (DEFAULT_LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            if (defaultClient == this) {
                defaultClient = null;
            }
        }
        Loggers.ENDPOINT.info("endpoint {} closing ({} connection(s))", udp.localAddress(), udp.connectionCount());
        try {
            udp.close(io.jetstreamproto.core.internal.CloseReason.GOING_AWAY, "endpoint closed").get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("endpoint did not close cleanly", e);
        } finally {
            resources.release();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Endpoint[" + udp + (closesWhenIdle ? ", default" : "") + "]";
    }
}
