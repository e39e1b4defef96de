package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.session.ClientInitial;
import io.jetstreamproto.crypto.internal.session.ServerSession;
import io.jetstreamproto.crypto.internal.session.ServerSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import java.net.InetSocketAddress;

/**
 * The expensive half of one server handshake (ML-KEM encapsulation, X25519, signing), packaged so that it can run on
 * a worker thread: {@link #run()} touches only this object and thread-safe inputs. Hand it back to
 * {@link DatagramEndpoint#completeHandshake} on the endpoint's thread.
 */
public final class HandshakeJob implements Runnable {
    private final ServerSessionConfig config;
    private final ClientInitial initial;
    private final ConnectionId localCid;
    private final InetSocketAddress sender;
    private final RandomSource random;
    private final long createdNanos;
    private volatile ServerSession result;
    private volatile HandshakeException failure;

    HandshakeJob(ServerSessionConfig config, ClientInitial initial, ConnectionId localCid, InetSocketAddress sender,
            RandomSource random, long createdNanos) {
        this.config = config;
        this.initial = initial;
        this.localCid = localCid;
        this.sender = sender;
        this.random = random;
        this.createdNanos = createdNanos;
    }

    /** The connection id the server chose for this connection. */
    public ConnectionId connectionId() {
        return localCid;
    }

    @Override
    public void run() {
        try {
            result = ServerSession.accept(config, initial, localCid, random, createdNanos);
        } catch (HandshakeException e) {
            failure = e;
        }
    }

    ServerSession takeResult() {
        ServerSession s = result;
        result = null;
        return s;
    }

    HandshakeException failure() {
        return failure;
    }

    /** Why {@link #run()} failed (public information, as in {@code EndpointStats.lastFailure}), or null. */
    public String failureMessage() {
        HandshakeException f = failure;
        return f == null ? null : f.getMessage();
    }

    ClientInitial initial() {
        return initial;
    }

    /** The address the ClientHello came from. */
    public InetSocketAddress sender() {
        return sender;
    }

    @Override
    public String toString() {
        return "HandshakeJob[" + sender + ", " + initial + "]";
    }
}
