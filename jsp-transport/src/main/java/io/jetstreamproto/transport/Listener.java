package io.jetstreamproto.transport;

import io.jetstreamproto.core.CloseReason;
import io.jetstreamproto.core.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointStats;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerPublicKeys;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.transport.internal.udp.UdpServerDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A server socket accepting JetStreamProto connections (one UDP socket, many connections demultiplexed by connection
 * id). Connections are handed out after their handshake completed, through {@link #accept()} or a handler set with
 * {@link #onConnection}. At most {@value #BACKLOG} accepted connections wait for the application; beyond that new ones
 * are closed with GOING_AWAY. Thread-safe.
 */
public final class Listener implements AutoCloseable {
    /** Accepted connections waiting for {@link #accept()} at most. */
    public static final int BACKLOG = 1024;

    private final UdpServerDriver driver;
    private final ServerIdentity identity;
    private final LinkedBlockingQueue<Connection> backlog = new LinkedBlockingQueue<>(BACKLOG);
    private volatile Consumer<Connection> handler;

    private Listener(UdpServerDriver driver, ServerIdentity identity) {
        this.driver = driver;
        this.identity = identity;
    }

    static Listener bind(InetSocketAddress address, ConnectionConfig config, ServerIdentity identity,
            EndpointConfig endpointConfig) throws IOException, InterruptedException {
        ServerHandshakeParams params = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                config.cipherSuites().isEmpty() ? SuitePreference.hardwareDefault() : config.cipherSuites(),
                List.of(identity), PskStore.none(), new byte[0]);
        Listener[] holder = new Listener[1];
        CompletableFuture<UdpServerDriver> f = UdpServerDriver.bind(address, config, params, endpointConfig,
                d -> holder[0].onAccepted(Connection.accepted(d, config)));
        try {
            holder[0] = new Listener(f.get(), identity);
            return holder[0];
        } catch (ExecutionException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void onAccepted(Connection c) {
        Consumer<Connection> h = handler;
        if (h != null) {
            h.accept(c);
        } else if (!backlog.offer(c)) {
            c.close(CloseReason.GOING_AWAY, "server backlog full");
        }
    }

    /** The next connection, blocking until one completes its handshake. */
    public Connection accept() throws InterruptedException {
        return backlog.take();
    }

    /** The next connection, or null after {@code timeout}. */
    public Connection accept(Duration timeout) throws InterruptedException {
        return backlog.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Hands every new connection to {@code handler} on the event loop (it must not block). */
    public void onConnection(Consumer<Connection> handler) {
        this.handler = handler;
        for (Connection c = backlog.poll(); c != null; c = backlog.poll()) {
            handler.accept(c);
        }
    }

    public InetSocketAddress localAddress() {
        return driver.localAddress();
    }

    /** The public keys clients verify (pin them, or compare the fingerprint on first use). */
    public ServerPublicKeys publicKeys() {
        return identity.publicKeys();
    }

    /** Endpoint counters (handshakes, drops by reason, connections). */
    public EndpointStats stats() {
        try {
            return driver.loop().submit(() -> driver.endpoint().stats()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read listener statistics", e);
        }
    }

    /** Closes every connection (GOING_AWAY) and the socket. */
    @Override
    public void close() {
        try {
            driver.close(CloseReason.GOING_AWAY).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("listener did not close cleanly", e);
        }
    }

    @Override
    public String toString() {
        return "Listener[" + localAddress() + ", " + identity.publicKeys().fingerprint() + "]";
    }
}
