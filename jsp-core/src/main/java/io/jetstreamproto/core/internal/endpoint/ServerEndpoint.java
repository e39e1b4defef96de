package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.core.ConnectionConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.packet.CompactHeader;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.session.ClientInitial;
import io.jetstreamproto.crypto.internal.session.InitialPacketGate;
import io.jetstreamproto.crypto.internal.session.ServerSession;
import io.jetstreamproto.crypto.internal.session.ServerSessionConfig;
import io.jetstreamproto.crypto.internal.token.RetryTokens;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The server side of one UDP socket, sans-IO: demultiplexes datagrams by destination connection id, sends datagrams
 * of no connection through the {@link InitialPacketGate} (size, version, token, bounded reassembly), queues complete
 * ClientHellos as {@link HandshakeJob}s in a bounded queue so that their public-key work can run off the event loop,
 * requires address validation (stateless Retry) while that queue is loaded, and limits connections and half-open
 * handshakes. It owns every {@link ConnectionEngine} of the socket and multiplexes their output and timers.
 *
 * <p>Not thread-safe: one endpoint per socket, driven on that socket's event loop. Only {@link HandshakeJob#run()}
 * may execute elsewhere.
 */
public final class ServerEndpoint {
    private final ConnectionConfig connectionConfig;
    private final ServerSessionConfig sessionConfig;
    private final EndpointConfig config;
    private final RandomSource random;
    private final ByteBufAllocator alloc;
    private final InitialPacketGate gate;
    private final Map<ConnectionId, ServerConnection> byCid = new HashMap<>();
    /** Compact headers carry only the first 4 bytes of our connection id; we keep those prefixes unique. */
    private final Map<Long, ServerConnection> byPrefix = new HashMap<>();
    private final java.util.Set<Long> reservedPrefixes = new java.util.HashSet<>();
    private final List<ServerConnection> connections = new ArrayList<>();
    private final LinkedHashSet<ServerConnection> dirty = new LinkedHashSet<>();
    private final PriorityQueue<ServerConnection> timers =
            new PriorityQueue<>((a, b) -> Long.compare(a.timerDeadline, b.timerDeadline));
    private final ArrayDeque<Outgoing> stateless = new ArrayDeque<>();
    private final ArrayDeque<HandshakeJob> jobs = new ArrayDeque<>();
    private final ArrayDeque<ServerConnection> accepted = new ArrayDeque<>();
    private final LinkedHashSet<ServerConnection> withEvents = new LinkedHashSet<>();
    private int jobsInProgress;
    private boolean underLoad;
    private long underLoadUntil;
    private final EndpointStats.Counters counters = new EndpointStats.Counters();

    /** A datagram to send and where to. The caller owns {@code datagram}. */
    public record Outgoing(ByteBuf datagram, InetSocketAddress recipient) {}

    public ServerEndpoint(ConnectionConfig connectionConfig, ServerHandshakeParams handshake, EndpointConfig config,
            RandomSource random, ByteBufAllocator alloc, long nowNanos) {
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
        this.alloc = alloc;
        this.gate = new InitialPacketGate(InitialPacketGate.Config.defaults(handshake.supportedVersions()),
                RetryTokens.withDefaults(random, nowNanos), random);
    }

    /**
     * Processes a datagram from {@code sender}. The caller keeps ownership of {@code datagram} and releases it after
     * this returns. Returns the connection it was delivered to, or null.
     */
    public ServerConnection handleDatagram(ByteBuf datagram, InetSocketAddress sender, long nowNanos) {
        counters.datagramsReceived++;
        if (!datagram.isReadable()) {
            counters.malformed++;
            return null;
        }
        if (!PacketCodec.isLongHeader(datagram) && CompactHeader.isCompact(datagram)) {
            ServerConnection c = byPrefix.get(CompactHeader.peekCidPrefix(datagram));
            if (c == null) {
                counters.unknownConnection++;
                return null;
            }
            c.engine.handleDatagram(datagram, nowNanos);
            touched(c, nowNanos);
            return c;
        }
        ConnectionId dcid;
        try {
            dcid = PacketCodec.peekDestinationConnectionId(datagram);
        } catch (PacketFormatException e) {
            counters.malformed++;
            return null;
        }
        ServerConnection c = byCid.get(dcid);
        if (c != null) {
            c.engine.handleDatagram(datagram, nowNanos);
            touched(c, nowNanos);
            return c;
        }
        if (!PacketCodec.isLongHeader(datagram)) {
            counters.unknownConnection++; // 1-RTT packet for no connection: drop (no stateless reset in v1)
            return null;
        }
        InitialPacketGate.Decision d = gate.onDatagram(datagram, sender.getAddress().getAddress(), sender.getPort(),
                requireRetry(nowNanos), nowNanos);
        if (d instanceof InitialPacketGate.Reply r) {
            stateless.add(new Outgoing(alloc.buffer(r.datagram().length).writeBytes(r.datagram()), sender));
        } else if (d instanceof InitialPacketGate.Accept a) {
            enqueueHandshake(a.initial(), sender, nowNanos);
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
        if (jobs.size() + jobsInProgress >= config.handshakeQueueCapacity() / 8) {
            underLoad = true;
            underLoadUntil = now + 1_000_000_000L; // sticky for one second, as WireGuard
        } else if (underLoad && now - underLoadUntil >= 0) {
            underLoad = false;
        }
        return underLoad;
    }

    private void enqueueHandshake(ClientInitial initial, InetSocketAddress sender, long now) {
        if (connections.size() >= config.maxConnections()) {
            counters.refusedConnectionLimit++;
            return;
        }
        if (jobs.size() + jobsInProgress >= config.handshakeQueueCapacity()) {
            counters.refusedHandshakeQueueFull++;
            return;
        }
        if (halfOpen() >= config.maxHalfOpen()) {
            counters.refusedHalfOpenLimit++;
            return;
        }
        ConnectionId cid = initial.retryScid() != null ? initial.retryScid() : newConnectionId();
        reservedPrefixes.add(CompactHeader.prefixOf(cid));
        jobs.add(new HandshakeJob(sessionConfig, initial, cid, sender, random, now));
    }

    private ConnectionId newConnectionId() {
        ConnectionId cid;
        do {
            cid = ConnectionId.random(random);
        } while (byCid.containsKey(cid) || byPrefix.containsKey(CompactHeader.prefixOf(cid))
                || reservedPrefixes.contains(CompactHeader.prefixOf(cid)));
        return cid;
    }

    private int halfOpen() {
        int n = 0;
        for (ServerConnection c : connections) {
            if (c.engine.state() == ConnectionEngine.State.HANDSHAKING) {
                n++;
            }
        }
        return n;
    }

    /**
     * The next handshake to compute, or null. The caller runs {@link HandshakeJob#run()} (on any thread) and then
     * passes it back to {@link #completeHandshake} on the endpoint's thread.
     */
    public HandshakeJob pollHandshakeJob() {
        HandshakeJob j = jobs.poll();
        if (j != null) {
            jobsInProgress++;
        }
        return j;
    }

    /** Installs the result of a handshake job: a new connection whose first flight is ready to send. */
    public void completeHandshake(HandshakeJob job, long nowNanos) {
        jobsInProgress--;
        reservedPrefixes.remove(CompactHeader.prefixOf(job.connectionId()));
        ServerSession session = job.takeResult();
        if (session == null) {
            HandshakeException f = job.failure();
            counters.handshakesFailed++;
            counters.lastFailure = f == null ? "unknown" : f.getMessage();
            return;
        }
        if (byCid.containsKey(session.localConnectionId()) || byCid.containsKey(job.initial().originalDcid())) {
            session.destroy(); // a duplicate (e.g. the ClientHello arrived twice before the first job finished)
            counters.handshakesDuplicated++;
            return;
        }
        ConnectionEngine engine = ConnectionEngine.server(connectionConfig, session, alloc, nowNanos);
        ServerConnection c = new ServerConnection(engine, job.sender(), job.initial().originalDcid(),
                job.initial().dcid());
        connections.add(c);
        byCid.put(session.localConnectionId(), c);
        byCid.put(c.originalDcid, c); // retransmitted ClientHellos still carry it
        byCid.put(c.initialDcid, c);
        // A Retry-chosen id can (very rarely, p ~ connections / 2^32) share its prefix with a live one: that
        // connection then works only with full short headers, and its peer's compact packets go astray.
        byPrefix.putIfAbsent(CompactHeader.prefixOf(session.localConnectionId()), c);
        counters.handshakesCompleted++;
        touched(c, nowNanos);
    }

    /** Runs every queued handshake job now, on this thread (tests and simulations). */
    public void runHandshakesInline(long nowNanos) {
        for (HandshakeJob j = pollHandshakeJob(); j != null; j = pollHandshakeJob()) {
            j.run();
            completeHandshake(j, nowNanos);
        }
    }

    /** The next connection whose handshake completed, or null. */
    public ServerConnection pollAccepted() {
        return accepted.poll();
    }

    /**
     * Call after any application call on {@code c}'s engine (send, close, ...) so that its output and timer are
     * picked up.
     */
    public void touched(ServerConnection c, long nowNanos) {
        dirty.add(c);
        touchedEvents(c);
    }

    private void rearm(ServerConnection c) {
        long t = c.engine.nextTimeoutNanos();
        if (t != c.timerDeadline) {
            timers.remove(c);
            c.timerDeadline = t;
            if (t != Long.MAX_VALUE) {
                timers.add(c);
            }
        }
    }

    /** The next datagram to send, or null. */
    public Outgoing pollTransmit(long nowNanos) {
        Outgoing s = stateless.poll();
        if (s != null) {
            return s;
        }
        while (!dirty.isEmpty()) {
            ServerConnection c = dirty.iterator().next();
            ByteBuf d = c.engine.pollTransmit(nowNanos);
            if (d != null) {
                return new Outgoing(d, c.address);
            }
            dirty.remove(c);
            finishIfTerminated(c);
            touchedEvents(c);
        }
        return null;
    }

    private void touchedEvents(ServerConnection c) {
        for (ConnectionEvent e = c.engine.pollEvent(); e != null; e = c.engine.pollEvent()) {
            if (e instanceof ConnectionEvent.Connected) {
                accepted.add(c);
            }
            c.events.add(e);
            withEvents.add(c);
        }
        rearm(c);
    }

    /** The next connection with undelivered events (see {@link ServerConnection#pollEvent()}), or null. */
    public ServerConnection pollConnectionWithEvents() {
        if (withEvents.isEmpty()) {
            return null;
        }
        ServerConnection c = withEvents.iterator().next();
        withEvents.remove(c);
        return c;
    }

    private void finishIfTerminated(ServerConnection c) {
        if (c.engine.isTerminated() && !c.removed) {
            c.removed = true;
            connections.remove(c);
            byCid.remove(c.engine.localConnectionId());
            byCid.remove(c.originalDcid);
            byCid.remove(c.initialDcid);
            byPrefix.remove(CompactHeader.prefixOf(c.engine.localConnectionId()), c);
            timers.remove(c);
            counters.connectionsClosed++;
        }
    }

    /** When {@link #handleTimeout} must next run, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        long t = gate.nextTimeoutNanos();
        ServerConnection c = timers.peek();
        return c == null ? t : Math.min(t, c.timerDeadline);
    }

    /** Runs due timers of the gate and of every connection. */
    public void handleTimeout(long nowNanos) {
        gate.onTimeout(nowNanos);
        // Collect first: a connection whose deadline stays due (e.g. an ACK waiting for pollTransmit) must not be
        // handled again in this call.
        List<ServerConnection> due = new ArrayList<>();
        while (!timers.isEmpty() && timers.peek().timerDeadline <= nowNanos) {
            ServerConnection c = timers.poll();
            c.timerDeadline = Long.MAX_VALUE;
            due.add(c);
        }
        for (ServerConnection c : due) {
            c.engine.handleTimeout(nowNanos);
            touched(c, nowNanos);
            if (c.engine.isTerminated()) {
                finishIfTerminated(c);
            }
        }
    }

    public int connectionCount() {
        return connections.size();
    }

    /** All live connections (a copy). */
    public List<ServerConnection> connections() {
        return List.copyOf(connections);
    }

    public EndpointStats stats() {
        return counters.snapshot(gate.stats(), connections.size(), jobs.size() + jobsInProgress);
    }
}
