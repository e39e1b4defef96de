package io.jetstreamproto.transport;

import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.transport.internal.EngineBackend;
import io.jetstreamproto.transport.internal.Loggers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Accepts JetStreamProto connections on an {@link Endpoint}'s address. Connections are handed out after their
 * handshake completed, through {@link #accept()} or a handler set with {@link #onConnection}. At most
 * {@value #BACKLOG} accepted connections wait for the application; beyond that new ones are closed with GOING_AWAY.
 * {@link #close()} closes the connections it accepted and wakes every thread blocked in {@link #accept()} with a
 * {@link ConnectionClosedException}. Thread-safe.
 */
public final class Listener implements AutoCloseable {
    /** Accepted connections waiting for {@link #accept()} at most. */
    public static final int BACKLOG = 1024;

    private final Endpoint endpoint;
    private final boolean ownsEndpoint;
    private final ServerIdentity identity;
    private final ConnectionConfig config;
    private final LinkedBlockingQueue<Object> backlog = new LinkedBlockingQueue<>(BACKLOG + 1);
    private final Set<Connection> accepted = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Object closedMarker = new Object();
    private volatile Consumer<Connection> handler;
    private volatile boolean closed;

    private Listener(Endpoint endpoint, boolean ownsEndpoint, ServerIdentity identity, ConnectionConfig config) {
        this.endpoint = endpoint;
        this.ownsEndpoint = ownsEndpoint;
        this.identity = identity;
        this.config = config;
    }

    static Listener start(Endpoint endpoint, ConnectionConfig config, ServerIdentity identity, ListenerConfig limits,
            boolean ownsEndpoint) throws IOException, InterruptedException {
        ServerHandshakeParams params = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                config.internal().cipherSuites().isEmpty() ? SuitePreference.hardwareDefault()
                        : config.internal().cipherSuites(), List.of(identity.internal()), PskStore.none(), new byte[0]);
        Listener l = new Listener(endpoint, ownsEndpoint, identity, config);
        try {
            endpoint.udp().listen(config.internal(), params, limits.internal(), l::onEstablished).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot listen on " + endpoint.localAddress() + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("listening on " + endpoint.localAddress() + " did not start within 30 s", e);
        }
        Loggers.LISTENER.info("listening on {} as {} (at most {} connections)", endpoint.localAddress(),
                identity.publicKeys().fingerprint(), limits.maxConnections());
        return l;
    }

    /** A server connection completed its handshake. On its loop. */
    private void onEstablished(EngineBackend backend) {
        Connection c = new Connection(backend, config, List.copyOf(listeners));
        if (closed) {
            c.close(CloseReason.GOING_AWAY, "server shutting down");
            return;
        }
        accepted.add(c);
        c.closeFuture().thenRun(() -> accepted.remove(c));
        Consumer<Connection> h = handler;
        if (h != null) {
            h.accept(c);
        } else if (backlog.size() >= BACKLOG || !backlog.offer(c)) {
            c.close(CloseReason.GOING_AWAY, "server backlog full");
        }
    }

    /** The next connection, blocking until one completes its handshake; fails once the listener is closed. */
    public Connection accept() throws ConnectionClosedException, InterruptedException {
        return taken(backlog.take());
    }

    /** The next connection, or null after {@code timeout}; fails once the listener is closed. */
    public Connection accept(Duration timeout) throws ConnectionClosedException, InterruptedException {
        Object o = backlog.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return o == null ? null : taken(o);
    }

    private Connection taken(Object o) throws ConnectionClosedException {
        if (o == closedMarker) {
            backlog.offer(closedMarker); // wake the next waiting thread too
            throw new ConnectionClosedException(new CloseInfo(CloseReason.GOING_AWAY, 0, "listener closed", false));
        }
        return (Connection) o;
    }

    /** Hands every new connection to {@code handler} on its event loop (it must not block). */
    public void onConnection(Consumer<Connection> handler) {
        this.handler = handler;
        for (Object o = backlog.poll(); o != null; o = backlog.poll()) {
            if (o == closedMarker) {
                backlog.offer(o);
                return;
            }
            handler.accept((Connection) o);
        }
    }

    /** Adds a listener of the events of every connection accepted from now on, from its handshake on. */
    public void addListener(EventListener listener) {
        listeners.add(listener);
    }

    public InetSocketAddress localAddress() {
        return endpoint.localAddress();
    }

    /** The endpoint this listener accepts on (it can also make outgoing connections). */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The public keys clients verify (pin them, or compare the fingerprint on first use). */
    public ServerKeys publicKeys() {
        return identity.publicKeys();
    }

    /** Endpoint counters (handshakes, drops by reason, connections). */
    public EndpointStats stats() {
        return endpoint.stats();
    }

    /**
     * Closes every connection it accepted (GOING_AWAY), wakes the threads blocked in {@link #accept()}, and closes
     * its endpoint if it was made for it ({@link Connection#listen}). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Loggers.LISTENER.info("listener on {} closed ({} accepted connection(s) open)", localAddress(),
                accepted.size());
        for (Object o = backlog.poll(); o != null; o = backlog.poll()) {
            if (o instanceof Connection c) {
                c.close(CloseReason.GOING_AWAY, "server shutting down");
            }
        }
        backlog.offer(closedMarker);
        if (ownsEndpoint) {
            endpoint.close();
            return;
        }
        for (Connection c : accepted) {
            c.close(CloseReason.GOING_AWAY, "server shutting down");
        }
    }

    @Override
    public String toString() {
        return "Listener[" + localAddress() + ", " + identity.publicKeys().fingerprint() + "]";
    }
}
