package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.packet.CompactHeader;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.session.ServerSession;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.LongObjectHashMap;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections of one UDP socket, client and server side alike, sans-IO: every datagram is routed by its
 * destination connection id (never by address) to its connection; an Initial for no connection goes to the
 * {@link Acceptor} when this endpoint listens. The endpoint multiplexes its connections' output and timers.
 *
 * <p>Nothing here grows with the number of connections per packet or per handshake: connection ids are looked up in
 * primitive hash maps (8-byte ids as {@code long} keys, no allocation), timers live in an indexed heap
 * ({@link TimerHeap}, O(log n) re-arm), connections with work wait in queues, counts are counters.
 *
 * <p>Driving it (the transport or a simulation), after every input — {@link #handleDatagram},
 * {@link #handleTimeout}, {@link #completeHandshake}, or {@link #touch} after an application call on a connection:
 * <ol>
 *   <li>{@link #pollTransmit} until null, sending each datagram to {@link #transmitDestination()};</li>
 *   <li>{@link #pollHandshakeJob} for handshakes to compute (on any thread; back through {@link #completeHandshake});
 *   </li>
 *   <li>{@link #pollTouched} for connections whose engine may have events or messages (and {@link #pollCreated} for new
 *       server connections);</li>
 *   <li>{@link #nextTimeoutNanos()} to re-arm the endpoint's one timer.</li>
 * </ol>
 * Not thread-safe: one endpoint per socket (per event loop), used on that loop.
 */
public final class DatagramEndpoint {
    private final RandomSource random;
    private final ByteBufAllocator alloc;
    private final ConnectionIdLayout layout;
    private Acceptor acceptor;
    private final EndpointStats.Counters counters = new EndpointStats.Counters();
    private final LongObjectHashMap<EndpointConnection> byCid = new LongObjectHashMap<>();
    /** Compact headers to a server carry only a 4-byte prefix of the id; prefixes of our ids are kept unique. */
    private final LongObjectHashMap<EndpointConnection> byPrefix = new LongObjectHashMap<>();
    /** Ids of clients' first Initials (any length): their retransmissions reach the connection they created. */
    private final Map<ConnectionId, EndpointConnection> byInitialDcid = new HashMap<>();
    /** Client connections that accept compact packets without an id: at most one per server address. */
    private final Map<InetSocketAddress, EndpointConnection> byRemote = new HashMap<>();
    /** Prefixes of ids handed to handshake jobs and Retries whose connection does not exist yet. */
    private final LongObjectHashMap<Long> reservedPrefixes = new LongObjectHashMap<>();
    private final TimerHeap timers = new TimerHeap();
    private final ArrayDeque<EndpointConnection> dirty = new ArrayDeque<>();
    private final ArrayDeque<EndpointConnection> touched = new ArrayDeque<>();
    private final ArrayDeque<EndpointConnection> created = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> statelessOut = new ArrayDeque<>();
    private final ArrayDeque<InetSocketAddress> statelessTo = new ArrayDeque<>();
    private InetSocketAddress transmitDestination;
    private int connections;
    private int halfOpen;

    private DatagramEndpoint(RandomSource random, ByteBufAllocator alloc, ConnectionIdLayout layout,
            ConnectionConfig connectionConfig, ServerHandshakeParams handshake, EndpointConfig config, long nowNanos) {
        this.random = random;
        this.alloc = alloc;
        this.layout = layout;
        // a Retry's id is not reserved: it becomes a connection only if the client comes back with the token
        this.acceptor = handshake == null ? null : new Acceptor(connectionConfig, handshake, config, random,
                this::newConnectionId, counters, nowNanos);
    }

    /** An endpoint that only makes outgoing (client) connections. */
    public static DatagramEndpoint client(ConnectionIdLayout layout, RandomSource random, ByteBufAllocator alloc) {
        return new DatagramEndpoint(random, alloc, layout, null, null, null, 0);
    }

    /** An endpoint that accepts connections (and may also make outgoing ones). */
    public static DatagramEndpoint server(ConnectionConfig connectionConfig, ServerHandshakeParams handshake,
            EndpointConfig config, ConnectionIdLayout layout, RandomSource random, ByteBufAllocator alloc,
            long nowNanos) {
        return new DatagramEndpoint(random, alloc, layout, connectionConfig, handshake, config, nowNanos);
    }

    /**
     * Starts accepting connections on an endpoint made with {@link #client} (for example one whose socket already
     * makes outgoing connections, as peer-to-peer applications need).
     *
     * @throws IllegalStateException if it already listens
     */
    public void listen(ConnectionConfig connectionConfig, ServerHandshakeParams handshake, EndpointConfig config,
            long nowNanos) {
        if (acceptor != null) {
            throw new IllegalStateException("already listening");
        }
        acceptor = new Acceptor(connectionConfig, handshake, config, random, this::newConnectionId, counters,
                nowNanos);
    }

    /** Whether output, handshakes, created or touched connections are waiting to be polled. */
    public boolean hasWork() {
        return !dirty.isEmpty() || !touched.isEmpty() || !created.isEmpty() || !statelessOut.isEmpty()
                || (acceptor != null && acceptor.hasQueuedJobs());
    }

    public ConnectionIdLayout layout() {
        return layout;
    }

    public boolean isListening() {
        return acceptor != null;
    }

    // ------------------------------------------------------------------ inputs

    /**
     * How many overdue connections' timers one {@link #handleTimeout} may run: {@link TimerBudget#PER_MILLISECOND}
     * per millisecond, bursts up to {@link TimerBudget#BURST}; timers that are on time (late by at most
     * {@link TimerBudget#LATE_NANOS}) are not counted. After a stall (a long
     * GC pause, a suspended VM) every connection's heartbeat and loss timers are overdue at once, and running them
     * all in one go would send one datagram per connection into the peer's socket buffer at once — most of them
     * dropped, so the stall would end in a storm of retransmissions and then heartbeat timeouts.
     */
    private final TimerBudget timerBudget = new TimerBudget();

    /**
     * Processes a datagram from {@code sender}. The caller keeps ownership of {@code datagram} and releases it after
     * this returns. Returns the connection it was delivered to, or null (dropped and counted, or an Initial for the
     * acceptor).
     */
    public EndpointConnection handleDatagram(ByteBuf datagram, InetSocketAddress sender, long nowNanos) {
        counters.datagramsReceived++;
        if (!datagram.isReadable()) {
            counters.malformed++;
            return null;
        }
        EndpointConnection c;
        if (PacketCodec.isLongHeader(datagram)) {
            ConnectionId dcid;
            try {
                dcid = PacketCodec.peekDestinationConnectionId(datagram);
            } catch (PacketFormatException e) {
                counters.malformed++;
                return null;
            }
            c = dcid.length() == ConnectionId.LENGTH ? byCid.get(asLong(dcid)) : null;
            if (c == null) {
                c = byInitialDcid.get(dcid);
            }
            if (c == null) {
                if (acceptor == null) {
                    counters.unknownConnection++;
                    return null;
                }
                byte[] reply = acceptor.onInitial(datagram, sender, connections, halfOpen,
                        this::reserveConnectionId, nowNanos);
                if (reply != null) {
                    statelessOut.add(alloc.buffer(reply.length).writeBytes(reply));
                    statelessTo.add(sender);
                }
                return null;
            }
        } else if (CompactHeader.isCompact(datagram)) {
            long prefix = CompactHeader.peekCidPrefix(datagram);
            c = prefix >= 0 ? byPrefix.get(prefix) : byRemote.get(sender);
        } else {
            c = datagram.readableBytes() > ConnectionId.LENGTH
                    ? byCid.get(datagram.getLong(datagram.readerIndex() + 1)) : null;
        }
        if (c == null) {
            counters.unknownConnection++; // 1-RTT packet for no connection: drop (no stateless reset in v1)
            return null;
        }
        c.engine.handleDatagram(datagram, sender, nowNanos);
        markDirty(c);
        return c;
    }

    /** Runs the due timers of the acceptor and of every connection whose deadline has passed. */
    public void handleTimeout(long nowNanos) {
        if (acceptor != null) {
            acceptor.onTimeout(nowNanos);
        }
        // Collect first: a connection whose deadline stays due (an ACK waiting for pollTransmit) is handled once.
        List<EndpointConnection> due = null;
        int budget = timerBudget.take(nowNanos);
        int used = 0;
        for (EndpointConnection c = timers.peek(); c != null && c.deadline - nowNanos <= 0; c = timers.peek()) {
            boolean late = nowNanos - c.deadline > TimerBudget.LATE_NANOS;
            if (late) {
                if (used == budget) {
                    timerBudget.exhausted(nowNanos); // the rest go out over the next milliseconds
                    break;
                }
                used++; // only timers overdue after a stall spend the budget; timers on time always run
            }
            timers.remove(c);
            if (due == null) {
                due = new ArrayList<>();
            }
            due.add(c);
        }
        timerBudget.refund(budget - used);
        if (due == null) {
            return;
        }
        for (EndpointConnection c : due) {
            c.engine.handleTimeout(nowNanos);
            markDirty(c);
        }
    }

    /** Call after any application call on {@code c}'s engine (send, close, ...): its output and timer are picked up. */
    public void touch(EndpointConnection c) {
        markDirty(c);
    }

    // ------------------------------------------------------------------ client connections

    /**
     * Starts a client connection to {@code server}; its first flight is ready in {@link #pollTransmit}. The
     * connection's id follows this endpoint's layout, so the server's replies find it. Header compression is turned
     * off for a second connection to the same server address (compact packets to a client carry no connection id,
     * so the endpoint can route them only by the server's address).
     */
    public EndpointConnection connect(ConnectionConfig config, ClientSessionConfig sessionConfig,
            InetSocketAddress server, long nowNanos) {
        ConnectionConfig effective = clientConfig(config, server);
        ConnectionId cid = newConnectionId();
        return register(ConnectionEngine.startClientSession(effective, sessionConfig, cid, random, nowNanos),
                effective, server, nowNanos);
    }

    /**
     * The configuration a client connection to {@code server} gets on this endpoint (header compression only for the
     * first connection to that address). For {@link #register}: compute it on the endpoint's thread.
     */
    public ConnectionConfig clientConfig(ConnectionConfig config, InetSocketAddress server) {
        return config.enableHeaderCompression() && byRemote.containsKey(server)
                ? config.toBuilder().enableHeaderCompression(false).build() : config;
    }

    /**
     * A fresh connection id of this endpoint's layout for a client session started elsewhere (e.g. on a worker
     * thread: {@link ConnectionEngine#startClientSession}), reserved until {@link #register} or
     * {@link #releaseConnectionId}.
     */
    public ConnectionId proposeConnectionId() {
        return reserveConnectionId();
    }

    /** Gives back an id from {@link #proposeConnectionId()} that will not be registered. */
    public void releaseConnectionId(ConnectionId cid) {
        reservedPrefixes.remove(CompactHeader.prefixOf(cid));
    }

    /**
     * Registers a client connection whose session was started with {@link ConnectionEngine#startClientSession} and
     * an id from {@link #proposeConnectionId()}; its first flight is ready in {@link #pollTransmit}.
     *
     * @throws IllegalStateException if the session's id was not reserved and is taken; the session is destroyed
     */
    public EndpointConnection register(io.jetstreamproto.crypto.internal.session.ClientSession session,
            ConnectionConfig config, InetSocketAddress server, long nowNanos) {
        ConnectionId cid = session.localConnectionId();
        releaseConnectionId(cid);
        if (byCid.containsKey(asLong(cid)) || byPrefix.containsKey(CompactHeader.prefixOf(cid))
                || reservedPrefixes.containsKey(CompactHeader.prefixOf(cid))) {
            session.destroy();
            throw new IllegalStateException("connection id in use"); // not one from proposeConnectionId()
        }
        ConnectionEngine engine = ConnectionEngine.client(config, session, server, alloc, nowNanos);
        EndpointConnection c = new EndpointConnection(engine, null, null);
        register(c, cid);
        if (config.enableHeaderCompression()) {
            c.routedByAddress = true;
            byRemote.put(server, c);
        }
        connections++;
        markDirty(c);
        return c;
    }

    // ------------------------------------------------------------------ server connections

    /**
     * The next handshake to compute, or null. The caller runs {@link HandshakeJob#run()} (on any thread) and passes
     * it back to {@link #completeHandshake} on the endpoint's thread.
     */
    public HandshakeJob pollHandshakeJob() {
        return acceptor == null ? null : acceptor.poll();
    }

    /** Installs the result of a handshake job: a new server connection whose first flight is ready to send. */
    public void completeHandshake(HandshakeJob job, long nowNanos) {
        reservedPrefixes.remove(CompactHeader.prefixOf(job.connectionId()));
        ServerSession session = acceptor.complete(job);
        if (session == null) {
            return;
        }
        ConnectionId local = session.localConnectionId();
        if (byCid.containsKey(asLong(local)) || byInitialDcid.containsKey(job.initial().originalDcid())) {
            session.destroy(); // a duplicate (the same ClientHello twice, e.g. before and after a Retry)
            counters.handshakesDuplicated++;
            return;
        }
        ConnectionEngine engine = ConnectionEngine.server(acceptor.connectionConfig(), session, job.sender(), alloc,
                nowNanos);
        EndpointConnection c = new EndpointConnection(engine, job.initial().originalDcid(), job.initial().dcid());
        register(c, local);
        byInitialDcid.put(c.originalDcid, c);
        byInitialDcid.put(c.initialDcid, c);
        connections++;
        halfOpen++;
        c.halfOpen = true;
        counters.handshakesCompleted++;
        created.add(c);
        markDirty(c);
    }

    /** Runs every queued handshake job now, on this thread (tests and simulations). */
    public void runHandshakesInline(long nowNanos) {
        for (HandshakeJob j = pollHandshakeJob(); j != null; j = pollHandshakeJob()) {
            j.run();
            completeHandshake(j, nowNanos);
        }
    }

    /** The next server connection created by a completed handshake job (still handshaking), or null. */
    public EndpointConnection pollCreated() {
        return created.poll();
    }

    // ------------------------------------------------------------------ outputs

    /** The next datagram to send (owned by the caller), or null; it goes to {@link #transmitDestination()}. */
    public ByteBuf pollTransmit(long nowNanos) {
        ByteBuf s = statelessOut.poll();
        if (s != null) {
            transmitDestination = statelessTo.poll();
            return s;
        }
        for (EndpointConnection c = dirty.peek(); c != null; c = dirty.peek()) {
            ByteBuf d = c.engine.pollTransmit(nowNanos);
            if (d != null) {
                transmitDestination = c.engine.transmitDestination();
                return d;
            }
            dirty.poll();
            c.dirty = false;
            afterActivity(c);
        }
        return null;
    }

    /** Where the datagram {@link #pollTransmit} returned last goes. */
    public InetSocketAddress transmitDestination() {
        return transmitDestination;
    }

    /**
     * The next connection whose engine had input, a timer or an application call since it was last returned here
     * (the transport then drains its events and messages), or null. A terminated connection comes here once more
     * after the endpoint forgot it ({@link EndpointConnection#isRemoved()}).
     */
    public EndpointConnection pollTouched() {
        EndpointConnection c = touched.poll();
        if (c != null) {
            c.touched = false;
        }
        return c;
    }

    /** When {@link #handleTimeout} must next run, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        long t = acceptor == null ? Long.MAX_VALUE : acceptor.nextTimeoutNanos();
        EndpointConnection c = timers.peek();
        return c == null ? t : Math.min(t, Math.max(c.deadline, timerBudget.resumeNanos()));
    }

    // ------------------------------------------------------------------ bookkeeping

    private void markDirty(EndpointConnection c) {
        if (!c.dirty && !c.removed) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    /** After a connection's output is drained: its timer, its half-open state, its end, and the touched queue. */
    private void afterActivity(EndpointConnection c) {
        ConnectionEngine e = c.engine;
        if (c.halfOpen && e.state() != ConnectionEngine.State.HANDSHAKING) {
            c.halfOpen = false;
            halfOpen--;
        }
        if (e.isTerminated()) {
            forget(c);
        } else {
            timers.update(c, e.nextTimeoutNanos());
        }
        if (!c.touched) {
            c.touched = true;
            touched.add(c);
        }
    }

    private void forget(EndpointConnection c) {
        if (c.removed) {
            return;
        }
        c.removed = true;
        timers.remove(c);
        ConnectionId local = c.engine.localConnectionId();
        byCid.remove(asLong(local));
        byPrefix.remove(CompactHeader.prefixOf(local), c);
        if (c.originalDcid != null) {
            byInitialDcid.remove(c.originalDcid, c);
            byInitialDcid.remove(c.initialDcid, c);
        }
        if (c.routedByAddress) {
            byRemote.remove(c.engine.remoteAddress(), c);
        }
        if (c.halfOpen) {
            c.halfOpen = false;
            halfOpen--;
        }
        connections--;
        counters.connectionsClosed++;
    }

    private void register(EndpointConnection c, ConnectionId local) {
        byCid.put(asLong(local), c);
        // A Retry-chosen id can (rarely, p ~ connections / 2^21 per worker) share its prefix with a live one: that
        // connection then works only with full short headers (docs/PROTOCOL.md §3.6).
        long prefix = CompactHeader.prefixOf(local);
        if (!byPrefix.containsKey(prefix)) {
            byPrefix.put(prefix, c);
        }
    }

    /** A fresh id of this endpoint's layout whose id and compact-header prefix are used by nothing else. */
    private ConnectionId newConnectionId() {
        ConnectionId cid;
        do {
            cid = layout.next(random);
        } while (byCid.containsKey(asLong(cid)) || byPrefix.containsKey(CompactHeader.prefixOf(cid))
                || reservedPrefixes.containsKey(CompactHeader.prefixOf(cid)));
        return cid;
    }

    /** As {@link #newConnectionId()}, reserved until its handshake job completes (or, for a Retry, its lifetime). */
    private ConnectionId reserveConnectionId() {
        ConnectionId cid = newConnectionId();
        reservedPrefixes.put(CompactHeader.prefixOf(cid), Long.valueOf(CompactHeader.prefixOf(cid)));
        return cid;
    }

    private static long asLong(ConnectionId cid) {
        byte[] b = cid.toBytes();
        long v = 0;
        for (int i = 0; i < ConnectionId.LENGTH; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    // ------------------------------------------------------------------ observers

    public int connectionCount() {
        return connections;
    }

    /** Connections whose handshake has not completed yet (a counter, not a scan). */
    public int halfOpenCount() {
        return halfOpen;
    }

    /** Every live connection (a copy: for shutdown and tests, not for the packet path). */
    public List<EndpointConnection> connections() {
        List<EndpointConnection> all = new ArrayList<>(connections);
        for (EndpointConnection c : byCid.values()) {
            if (!c.removed) {
                all.add(c);
            }
        }
        return all;
    }

    public EndpointStats stats() {
        return counters.snapshot(acceptor == null ? null : acceptor.gateStats(), connections,
                acceptor == null ? 0 : acceptor.pendingJobs());
    }
}
