package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.session.ClientInitial;
import io.jetstreamproto.crypto.internal.session.GateStats;
import io.jetstreamproto.crypto.internal.session.InitialPacketGate;
import io.jetstreamproto.crypto.internal.session.ServerSession;
import io.jetstreamproto.crypto.internal.session.ServerSessionConfig;
import io.jetstreamproto.crypto.internal.token.RetryTokens;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The listening side of a {@link DatagramEndpoint}: what happens to an Initial datagram that belongs to no connection.
 * It goes through the {@link InitialPacketGate} (size, version, token, bounded reassembly); a complete ClientHello
 * becomes a {@link HandshakeJob} in a bounded queue, so that its public-key work can run off the event loop; address
 * validation (stateless Retry) is required by policy or while the queue is loaded; connection and half-open limits
 * apply.
 *
 * <p>A ClientHello retransmitted while its first copy's job is still queued or running is dropped rather than
 * answered: a Retry at that moment would race the job's ServerHello and the client would fail the handshake with
 * {@code retry_source_id_mismatch} (the job answers it soon anyway).
 *
 * <p>Not thread-safe: used on its endpoint's thread; only {@link HandshakeJob#run()} executes elsewhere.
 */
final class Acceptor {
    private final ConnectionConfig connectionConfig;
    private final ServerSessionConfig sessionConfig;
    private final EndpointConfig config;
    private final RandomSource random;
    private final InitialPacketGate gate;
    private final EndpointStats.Counters counters;
    private final ArrayDeque<HandshakeJob> jobs = new ArrayDeque<>();
    /** Jobs queued or running, by the destination id of the Initial that started them. */
    private final Map<ConnectionId, HandshakeJob> pending = new HashMap<>();
    private int jobsInProgress;
    private boolean underLoad;
    private long underLoadUntil;

    Acceptor(ConnectionConfig connectionConfig, ServerHandshakeParams handshake, EndpointConfig config,
            RandomSource random, Supplier<ConnectionId> connectionIds, EndpointStats.Counters counters,
            long nowNanos) {
        this.connectionConfig = connectionConfig;
        ServerHandshakeParams withParameters = new ServerHandshakeParams(handshake.supportedVersions(),
                handshake.cipherSuitePreference(), handshake.identities(), handshake.psks(),
                ConnectionEngine.localTransportParameters(connectionConfig));
        ServerSessionConfig base = ServerSessionConfig.defaults(withParameters);
        this.sessionConfig = new ServerSessionConfig(withParameters, base.protection()
                .withAead(connectionConfig.aeadImplementation()).withReplayWindow(connectionConfig.replayWindow())
                .withKeyUpdate(connectionConfig.keyUpdatePackets(), connectionConfig.keyUpdateInterval()),
                new io.jetstreamproto.crypto.internal.session.HandshakeTimers(base.timers().initialRetransmit(),
                        base.timers().maxRetransmit(), connectionConfig.handshakeTimeout()),
                base.maxDatagramSize());
        this.config = config;
        this.random = random;
        this.counters = counters;
        this.gate = new InitialPacketGate(InitialPacketGate.Config.defaults(handshake.supportedVersions()),
                RetryTokens.withDefaults(random, nowNanos), random, connectionIds);
    }

    ConnectionConfig connectionConfig() {
        return connectionConfig;
    }

    /**
     * An Initial datagram for no connection, from {@code sender}. The caller keeps ownership of the datagram.
     * Returns a stateless reply (Retry, Version Negotiation) to send back, or null; may queue a handshake job whose
     * connection id {@code connectionIds} supplies.
     */
    byte[] onInitial(ByteBuf datagram, InetSocketAddress sender, int connections, int halfOpen,
            Supplier<ConnectionId> connectionIds, long nowNanos) {
        boolean retransmission = false;
        try {
            retransmission = pending.containsKey(PacketCodec.peekDestinationConnectionId(datagram));
        } catch (PacketFormatException e) {
            // the gate counts it
        }
        InitialPacketGate.Decision d = gate.onDatagram(datagram, sender.getAddress().getAddress(), sender.getPort(),
                !retransmission && requireRetry(nowNanos), nowNanos);
        if (d instanceof InitialPacketGate.Reply r) {
            return r.datagram();
        }
        if (d instanceof InitialPacketGate.Accept a) {
            if (retransmission || pending.containsKey(a.initial().dcid())) {
                counters.handshakesDuplicated++; // its first copy's job answers it
            } else {
                enqueue(a.initial(), sender, connections, halfOpen, connectionIds, nowNanos);
            }
        }
        return null;
    }

    private boolean requireRetry(long now) {
        if (config.retryPolicy() == EndpointConfig.RetryPolicy.ALWAYS) {
            return true;
        }
        if (config.retryPolicy() == EndpointConfig.RetryPolicy.NEVER) {
            return false;
        }
        if (pendingJobs() >= config.handshakeQueueCapacity() / 8) {
            underLoad = true;
            underLoadUntil = now + 1_000_000_000L; // sticky for one second, as WireGuard
        } else if (underLoad && now - underLoadUntil >= 0) {
            underLoad = false;
        }
        return underLoad;
    }

    private void enqueue(ClientInitial initial, InetSocketAddress sender, int connections, int halfOpen,
            Supplier<ConnectionId> connectionIds, long now) {
        if (connections >= config.maxConnections()) {
            counters.refusedConnectionLimit++;
            return;
        }
        if (pendingJobs() >= config.handshakeQueueCapacity()) {
            counters.refusedHandshakeQueueFull++;
            return;
        }
        if (halfOpen + pendingJobs() >= config.maxHalfOpen()) {
            counters.refusedHalfOpenLimit++;
            return;
        }
        ConnectionId cid = initial.retryScid() != null ? initial.retryScid() : connectionIds.get();
        HandshakeJob job = new HandshakeJob(sessionConfig, initial, cid, sender, random, now);
        jobs.add(job);
        pending.put(initial.dcid(), job);
    }

    boolean hasQueuedJobs() {
        return !jobs.isEmpty();
    }

    int pendingJobs() {
        return jobs.size() + jobsInProgress;
    }

    /** The next job to compute, or null; it must come back through {@link #complete}. */
    HandshakeJob poll() {
        HandshakeJob j = jobs.poll();
        if (j != null) {
            jobsInProgress++;
        }
        return j;
    }

    /** The session a finished job produced, or null if it failed (counted). */
    ServerSession complete(HandshakeJob job) {
        jobsInProgress--;
        pending.remove(job.initial().dcid(), job);
        ServerSession session = job.takeResult();
        if (session == null) {
            HandshakeException f = job.failure();
            counters.handshakesFailed++;
            counters.lastFailure = f == null ? "unknown" : f.getMessage();
        }
        return session;
    }

    long nextTimeoutNanos() {
        return gate.nextTimeoutNanos();
    }

    void onTimeout(long nowNanos) {
        gate.onTimeout(nowNanos);
    }

    GateStats gateStats() {
        return gate.stats();
    }
}
