package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.CloseInfo;
import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.core.internal.cc.CongestionController;
import io.jetstreamproto.core.internal.cc.Pacer;
import io.jetstreamproto.core.internal.params.TransportParameters;
import io.jetstreamproto.core.internal.recovery.AckTracker;
import io.jetstreamproto.core.internal.recovery.LossDetector;
import io.jetstreamproto.core.internal.recovery.RttEstimator;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import io.jetstreamproto.crypto.internal.protection.OpenStatus;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.jetstreamproto.crypto.internal.protection.ProtectionStats;
import io.jetstreamproto.crypto.internal.session.ClientSession;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.session.HandshakeSummary;
import io.jetstreamproto.crypto.internal.session.SecureSession;
import io.jetstreamproto.crypto.internal.session.ServerSession;
import io.jetstreamproto.crypto.internal.session.SessionState;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.jetstreamproto.core.internal.engine.TimerTable.Timer;
import io.jetstreamproto.core.internal.path.PathState;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One JetStreamProto connection, sans-IO (docs/ARCHITECTURE.md): it owns the secure session, the streams, loss
 * recovery, congestion control, pacing, heartbeats and the close procedure, and is driven entirely by its caller.
 *
 * <p>Poll order after every input ({@link #handleDatagram}, {@link #handleTimeout}, an application call):
 * <ol>
 *   <li>{@link #pollTransmit} until it returns null (datagrams to send; the caller owns and releases them);</li>
 *   <li>{@link #pollEvent} until null, and {@link #pollMessage} until null;</li>
 *   <li>{@link #nextTimeoutNanos()} to (re)arm the single timer of this connection.</li>
 * </ol>
 * Not thread-safe: the transport confines each engine to one event loop.
 */
public final class ConnectionEngine {
    /** Connection lifecycle. */
    public enum State { HANDSHAKING, OPEN, CLOSING, DRAINING, CLOSED }

    private static final int MAX_ACK_RANGES = 64;
    /** RTT assumed before the first sample (RFC 9002 §6.2.2: kInitialRtt). */
    static final long INITIAL_RTT_NANOS = 333_000_000L;

    final ConnectionConfig config;
    final SecureSession session;
    final ByteBufAllocator alloc;
    final StreamTable streams;
    /** RTT, congestion controller and pacer belong to a path: replaced when the peer's IP address changes. */
    RttEstimator rtt;
    final LossDetector loss;
    final AckTracker acks;
    CongestionController cc;
    Pacer pacer;
    final RateLimiter rateLimiter;
    final PacketBuilder builder;
    final FrameApplier applier;
    // small initial capacities: an idle connection holds these four queues empty (issue 10, memory per connection)
    private final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>(2);
    private final ArrayDeque<byte[]> earlyPackets = new ArrayDeque<>(2);
    /** Forward error correction, once negotiated (null when either side has it off). */
    FecLink fec;
    /** Whether the peer can decompress LZ4 messages. */
    boolean peerDecompresses;
    /** Whether we send compact 1-RTT headers (both sides asked for them). */
    boolean compactHeaders;
    long messagesCompressed;

    State state = State.HANDSHAKING;
    TransportParameters peerParameters;
    int maxDatagramSize;
    long peerMaxAckDelayNanos;
    long idleTimeoutNanos;
    long lastReceiveNanos;
    long lastHeartbeatSentNanos;
    long heartbeatSequence;
    boolean heartbeatDue;
    final ArrayDeque<Long> heartbeatAcksDue = new ArrayDeque<>(2);
    final ArrayDeque<io.jetstreamproto.crypto.internal.session.Rehandshaker.Chunk> rehandshakeOut = new ArrayDeque<>(2);
    int probesDue;
    boolean maxDataDue;
    boolean maxStreamsDue;
    boolean sendRefused;
    private CloseInfo closeInfo;
    boolean closeFrameDue;
    private long lastCloseSentNanos = Long.MIN_VALUE;

    /** Every deadline of this connection; the transport arms one timer at {@link #nextTimeoutNanos()}. */
    final TimerTable timers = new TimerTable();
    /** The path we send on: the peer's address and whether it is validated (RFC 9000 §9). */
    PathState path;
    /** The last validated path, kept for a while after a switch so that a failed validation can fall back. */
    private PathState previousPath;
    /** Where the datagram last returned by {@link #pollTransmit} goes. */
    private InetSocketAddress transmitDestination;
    /** Set by {@link #closeAfterDelivery}: close as soon as everything sent has been acknowledged. */
    private boolean lingering;
    private long lingerTimeoutNanos;
    /** A small ack-eliciting packet is due on a new path (its acknowledgement validates the path). */
    boolean pathProbeDue;

    // counters
    long pathChanges;
    long pathValidationFailures;
    long packetsFromUnknownAddress;
    long bytesSent;
    long bytesReceived;
    long packetsSent;
    long packetsReceived;
    long packetsLost;
    long fragmentsRetransmitted;
    long packetsDropped;
    long earlyPacketsDropped;

    private ConnectionEngine(ConnectionConfig config, SecureSession session, InetSocketAddress remote,
            ByteBufAllocator alloc, long nowNanos) {
        this.config = config;
        this.session = session;
        this.alloc = alloc;
        this.path = PathState.initial(remote);
        this.streams = new StreamTable(!session.isClient(), config, alloc);
        this.rtt = new RttEstimator(INITIAL_RTT_NANOS);
        this.loss = new LossDetector(this::onAckOnlyForgotten);
        this.acks = new AckTracker(config.ackBatchSize(), config.maxAckDelay().toNanos());
        this.maxDatagramSize = config.maxDatagramSize();
        this.cc = config.congestionControl().create(maxDatagramSize,
                (long) config.initialCongestionWindowPackets() * maxDatagramSize);
        this.pacer = new Pacer(maxDatagramSize);
        this.rateLimiter = new RateLimiter(config.rateLimitMessages(), config.rateLimitBytes(), nowNanos);
        this.builder = new PacketBuilder(this);
        this.applier = new FrameApplier(this);
        this.lastReceiveNanos = nowNanos;
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.peerMaxAckDelayNanos = TransportParameters.DEFAULTS.maxAckDelayMs() * 1_000_000L;
    }

    /** Our transport parameters, to put in the handshake. */
    public static byte[] localTransportParameters(ConnectionConfig config) {
        return new TransportParameters(config.idleTimeout().toMillis(), config.maxDatagramSize(),
                config.connectionReceiveWindow(), config.streamReceiveWindow(), config.maxStreams(),
                config.maxMessageSize(), config.maxAckDelay().toMillis(), config.heartbeatInterval().toMillis(),
                (config.fecEnabled() ? TransportParameters.FEATURE_FEC : 0) | TransportParameters.FEATURE_LZ4
                        | (config.enableHeaderCompression() ? TransportParameters.FEATURE_COMPACT_HEADER : 0))
                .encode();
    }

    /**
     * A client connection: starts the handshake at once (the first datagrams are ready in {@link #pollTransmit}).
     * {@code sessionConfig} supplies trust and the server name; its transport parameters and suites are replaced by
     * this configuration's.
     */
    public static ConnectionEngine client(ConnectionConfig config, ClientSessionConfig sessionConfig,
            InetSocketAddress server, RandomSource random, ByteBufAllocator alloc, long nowNanos) {
        return client(config, sessionConfig, server, ConnectionId.random(random), random, alloc, nowNanos);
    }

    /** As above, with the connection id the server's packets will carry (an endpoint's routable layout). */
    public static ConnectionEngine client(ConnectionConfig config, ClientSessionConfig sessionConfig,
            InetSocketAddress server, ConnectionId localCid, RandomSource random, ByteBufAllocator alloc,
            long nowNanos) {
        return client(config, startClientSession(config, sessionConfig, localCid, random, nowNanos), server, alloc,
                nowNanos);
    }

    /**
     * The expensive half of starting a client connection (key generation for the hybrid key exchange and the first
     * flight): touches only its arguments, so that it can run off the event loop. {@code sessionConfig} supplies
     * trust and the server name; its transport parameters and suites are replaced by this configuration's.
     */
    public static ClientSession startClientSession(ConnectionConfig config, ClientSessionConfig sessionConfig,
            ConnectionId localCid, RandomSource random, long nowNanos) {
        ClientSessionConfig sc = sessionConfig.withTransportParameters(localTransportParameters(config))
                .withCipherSuites(config.cipherSuites())
                .withProtection(sessionConfig.protection().withAead(config.aeadImplementation())
                        .withReplayWindow(config.replayWindow())
                        .withKeyUpdate(config.keyUpdatePackets(), config.keyUpdateInterval()))
                .withTimers(new io.jetstreamproto.crypto.internal.session.HandshakeTimers(
                        sessionConfig.timers().initialRetransmit(), sessionConfig.timers().maxRetransmit(),
                        config.handshakeTimeout()));
        return ClientSession.start(sc, random, localCid, nowNanos);
    }

    /** A client connection around a session from {@link #startClientSession} (its first flight is queued). */
    public static ConnectionEngine client(ConnectionConfig config, ClientSession session, InetSocketAddress server,
            ByteBufAllocator alloc, long nowNanos) {
        return new ConnectionEngine(config, session, server, alloc, nowNanos);
    }

    /**
     * A server connection around a session that {@code ServerSession.accept} created (its flight is queued), with a
     * client at {@code client} (the source address of its ClientHello).
     */
    public static ConnectionEngine server(ConnectionConfig config, ServerSession session, InetSocketAddress client,
            ByteBufAllocator alloc, long nowNanos) {
        return new ConnectionEngine(config, session, client, alloc, nowNanos);
    }

    // ------------------------------------------------------------------ inputs

    /**
     * Processes one datagram received from {@code from}. The caller keeps ownership of {@code datagram} and releases
     * it after this returns; the engine may decrypt it in place and never keeps a reference.
     *
     * <p>Addresses (docs/PROTOCOL.md §7.6): a client accepts datagrams only from the server's address. A server runs
     * the handshake only with the address its ClientHello came from. After the handshake, an authenticated packet
     * from another address that carries the highest packet number received so far moves the connection to that
     * address on an unvalidated {@link PathState} (a NAT rebinding); anything else from another address is
     * processed but never moves the connection.
     */
    public void handleDatagram(ByteBuf datagram, InetSocketAddress from, long nowNanos) {
        if (state == State.CLOSED) {
            return;
        }
        boolean onPath = from.equals(path.remote());
        if (!onPath && (session.isClient() || state == State.HANDSHAKING || !session.hasProtection())) {
            packetsFromUnknownAddress++;
            packetsDropped++;
            datagram.skipBytes(datagram.readableBytes());
            return;
        }
        if (onPath) {
            path.onReceived(datagram.readableBytes());
        }
        if (datagram.isReadable() && PacketCodec.isLongHeader(datagram)) {
            session.handleDatagram(datagram, nowNanos);
            afterSessionProgress(nowNanos);
        }
        if (!datagram.isReadable() || state == State.CLOSED) {
            return;
        }
        if (!session.hasProtection() || peerParameters == null) {
            // 1-RTT data before the handshake completed here (SR-14): keep a few copies, drop the rest.
            if (earlyPackets.size() < config.maxEarlyPackets() && datagram.readableBytes() <= 65_535) {
                byte[] copy = new byte[datagram.readableBytes()];
                datagram.readBytes(copy);
                earlyPackets.add(copy);
            } else {
                earlyPacketsDropped++;
                packetsDropped++;
                datagram.skipBytes(datagram.readableBytes());
            }
            return;
        }
        processShortHeaderPacket(datagram, onPath ? null : from, nowNanos);
    }

    /** {@code newAddress}: the sender if it is not the current path's address, else null. */
    private void processShortHeaderPacket(ByteBuf d, InetSocketAddress newAddress, long nowNanos) {
        processShortHeaderPacket(d, newAddress, nowNanos, false);
        if (fec == null) {
            return;
        }
        for (var r = fec.pollRecovered(); r != null && state != State.CLOSED; r = fec.pollRecovered()) {
            try {
                processShortHeaderPacket(r.packet(), null, nowNanos, true); // AEAD and the replay window judge it again
            } finally {
                r.release();
            }
        }
    }

    private void processShortHeaderPacket(ByteBuf d, InetSocketAddress newAddress, long nowNanos,
            boolean recovered) {
        int start = d.readerIndex();
        int size = d.readableBytes();
        ShortHeader h;
        boolean compact = d.isReadable() && io.jetstreamproto.crypto.internal.packet.CompactHeader.isCompact(d);
        try {
            h = compact ? io.jetstreamproto.crypto.internal.packet.CompactHeader.read(d, acks.largestReceived())
                    : PacketCodec.readShortHeader(d);
        } catch (PacketFormatException e) {
            packetsDropped++;
            d.skipBytes(d.readableBytes());
            return;
        }
        if (!compact && !h.dcid().equals(session.localConnectionId())) {
            packetsDropped++;
            d.skipBytes(d.readableBytes());
            return;
        }
        PacketProtection p = session.protection();
        int payloadStart = d.readerIndex();
        // FEC codes over sealed packets: keep the bytes before they are decrypted in place
        ByteBuf sealed = fec != null && !recovered ? fec.keepSealed(d, start, size) : null;
        OpenStatus st = p.open(h.keyPhase(), h.packetNumber(), d, start, payloadStart,
                d.writerIndex() - payloadStart, nowNanos);
        if (st == OpenStatus.OK && sealed != null) {
            fec.onPacketAuthenticated(h.packetNumber(), sealed, nowNanos);
        }
        d.skipBytes(d.readableBytes());
        if (st != OpenStatus.OK) {
            packetsDropped++;
            if (st == OpenStatus.INTEGRITY_LIMIT_REACHED) {
                closeLocally(CloseReason.PROTOCOL_ERROR, ProtocolError.KEY_UPDATE_ERROR.code(),
                        "too many packets failed authentication", nowNanos, true);
            }
            return;
        }
        if (recovered) {
            fec.packetsRecovered++;
        } else {
            packetsReceived++;
            bytesReceived += size;
        }
        if (newAddress != null) {
            onPacketFromOtherAddress(newAddress, size, h.packetNumber() > acks.largestReceived(), nowNanos);
        }
        lastReceiveNanos = nowNanos;
        session.onOneRttPacketAuthenticated();
        afterSessionProgress(nowNanos);
        if (state == State.CLOSING) {
            closeFrameDue = true; // answer anything with CONNECTION_CLOSE again (rate-limited when sent)
            return;
        }
        if (state == State.DRAINING) {
            return;
        }
        // the frames are decoded from the datagram itself (no slice object per packet); its indexes are restored after
        int end = d.writerIndex();
        d.setIndex(payloadStart, payloadStart + p.lastPlaintextLength());
        try {
            boolean ackEliciting = applier.applyAll(d, nowNanos);
            acks.onPacketReceived(h.packetNumber(), ackEliciting, nowNanos);
        } catch (ProtocolViolationException e) {
            closeLocally(CloseReason.PROTOCOL_ERROR, e.errorCode(), e.getMessage(), nowNanos, true);
            return;
        } finally {
            d.setIndex(end, end);
        }
        afterStreamActivity();
        closeIfDelivered(nowNanos);
    }

    /** Reacts to handshake progress: establishment, confirmation, failure. */
    private void afterSessionProgress(long nowNanos) {
        SessionState s = session.state();
        if (s == SessionState.FAILED && state == State.HANDSHAKING) {
            HandshakeException f = session.failure();
            CloseReason reason = f != null && f.error() == HandshakeError.TIMEOUT ? CloseReason.TIMEOUT
                    : CloseReason.PROTOCOL_ERROR;
            terminate(new CloseInfo(reason, f == null ? 0 : f.error().code(),
                    f == null ? "handshake failed" : f.getMessage(), false));
            return;
        }
        if (state == State.HANDSHAKING && (s == SessionState.ESTABLISHED || s == SessionState.CONFIRMED)) {
            try {
                peerParameters = TransportParameters.decode(session.peerTransportParameters());
            } catch (ProtocolViolationException e) {
                state = State.OPEN;
                closeLocally(CloseReason.PROTOCOL_ERROR, e.errorCode(), e.getMessage(), nowNanos, true);
                return;
            }
            streams.applyPeerParameters(peerParameters);
            maxDatagramSize = (int) Math.min(config.maxDatagramSize(), peerParameters.maxDatagramSize());
            fec = FecLink.negotiate(config, peerParameters, alloc);
            peerDecompresses = (peerParameters.features() & TransportParameters.FEATURE_LZ4) != 0;
            compactHeaders = config.enableHeaderCompression()
                    && (peerParameters.features() & TransportParameters.FEATURE_COMPACT_HEADER) != 0;
            peerMaxAckDelayNanos = peerParameters.maxAckDelayMs() * 1_000_000L;
            if (peerParameters.maxIdleTimeoutMs() > 0) {
                idleTimeoutNanos = Math.min(idleTimeoutNanos, peerParameters.maxIdleTimeoutMs() * 1_000_000L);
            }
            state = State.OPEN;
            lastReceiveNanos = nowNanos;
            lastHeartbeatSentNanos = nowNanos;
            if (session.isClient() && !config.rehandshakeInterval().isZero()) {
                timers.set(Timer.REHANDSHAKE, nowNanos + config.rehandshakeInterval().toNanos());
            }
            events.add(new ConnectionEvent.Connected(session.summary()));
            List<byte[]> early = new ArrayList<>(earlyPackets);
            earlyPackets.clear();
            for (byte[] e : early) {
                ByteBuf b = alloc.buffer(e.length).writeBytes(e);
                try {
                    processShortHeaderPacket(b, null, nowNanos);
                } finally {
                    b.release();
                }
            }
        }
    }

    /** Processes the timers that are due (see {@link TimerTable.Timer}). */
    public void handleTimeout(long nowNanos) {
        if (state == State.CLOSED) {
            return;
        }
        refreshTimers();
        if (timers.expired(Timer.SESSION, nowNanos)) {
            session.handleTimeout(nowNanos);
            afterSessionProgress(nowNanos);
        }
        if (state == State.HANDSHAKING || state == State.CLOSED) {
            return;
        }
        if (state == State.CLOSING || state == State.DRAINING) {
            if (timers.expired(Timer.CLOSE, nowNanos)) {
                state = State.CLOSED;
                release();
            }
            return;
        }
        if (timers.expired(Timer.IDLE, nowNanos)) {
            terminate(new CloseInfo(CloseReason.TIMEOUT, 0, "idle timeout: nothing received for "
                    + idleTimeoutNanos / 1_000_000 + " ms", false));
            return;
        }
        if (timers.expired(Timer.HEARTBEAT_TIMEOUT, nowNanos)) {
            closeLocally(CloseReason.TIMEOUT, 0, "no reply for " + config.heartbeatTimeoutCount()
                    + " heartbeat intervals", nowNanos, true);
            return;
        }
        if (timers.expired(Timer.LINGER, nowNanos)) {
            closeLocally(CloseReason.NORMAL, 0, "closed after the delivery timeout ("
                    + io.jetstreamproto.crypto.internal.util.Durations.human(java.time.Duration.ofNanos(lingerTimeoutNanos))
                    + ") with " + bufferedBytes() + " bytes undelivered", nowNanos, true);
            return;
        }
        if (timers.expired(Timer.PATH_VALIDATION, nowNanos)) {
            onPathValidationTimeout(nowNanos);
            if (state == State.CLOSED) {
                return;
            }
        }
        if (timers.expired(Timer.HEARTBEAT, nowNanos)) {
            heartbeatDue = true;
        }
        if (timers.expired(Timer.LOSS_DETECTION, nowNanos)) {
            builder.onLossDetectionTimeout(nowNanos);
        }
        if (timers.expired(Timer.STREAM_EXPIRY, nowNanos)) {
            streams.onTimeout(nowNanos);
        }
        if (timers.expired(Timer.REHANDSHAKE, nowNanos)) {
            timers.set(Timer.REHANDSHAKE, session.startRehandshake(nowNanos)
                    ? nowNanos + config.rehandshakeInterval().toNanos()
                    : nowNanos + 1_000_000_000L); // phases not in sync yet: try again shortly
        }
        if (fec != null && timers.expired(Timer.FEC, nowNanos)) {
            fec.onTimeout(nowNanos);
        }
        if (timers.expired(Timer.PACING, nowNanos)) {
            timers.clear(Timer.PACING); // the next pollTransmit sends
        }
        if (timers.expired(Timer.RATE_LIMIT, nowNanos)) {
            timers.clear(Timer.RATE_LIMIT);
            checkWritable(nowNanos);
        }
        afterStreamActivity();
    }

    /** When {@link #handleTimeout} must next run, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        refreshTimers();
        return timers.next();
    }

    /**
     * Brings the deadlines that follow from component state up to date. Deadlines set by events (pacing, rate limit,
     * re-handshake, linger, path validation, close) stay as they were set.
     */
    private void refreshTimers() {
        if (state == State.CLOSED) {
            timers.clearAll();
            return;
        }
        if (state != State.OPEN) { // handshaking: only the session's timers; closing or draining: also CLOSE
            long close = timers.get(Timer.CLOSE);
            timers.clearAll();
            timers.set(Timer.SESSION, session.nextTimeoutNanos());
            if (state != State.HANDSHAKING) {
                timers.set(Timer.CLOSE, close);
            }
            return;
        }
        timers.set(Timer.SESSION, session.nextTimeoutNanos());
        timers.set(Timer.IDLE, lastReceiveNanos + idleTimeoutNanos);
        long hb = config.heartbeatInterval().toNanos();
        if (hb > 0) {
            timers.set(Timer.HEARTBEAT_TIMEOUT, lastReceiveNanos + hb * config.heartbeatTimeoutCount());
            // once due, a heartbeat waits for the congestion window, not for a timer
            timers.set(Timer.HEARTBEAT, heartbeatDue ? Long.MAX_VALUE : nextHeartbeatNanos(hb));
        }
        timers.set(Timer.LOSS_DETECTION, loss.lossDetectionTimerNanos(rtt, peerMaxAckDelayNanos));
        timers.set(Timer.ACK, acks.ackDeadlineNanos());
        timers.set(Timer.STREAM_EXPIRY, streams.nextTimeoutNanos());
        timers.set(Timer.FEC, fec == null ? Long.MAX_VALUE : fec.nextTimeoutNanos());
    }

    // ------------------------------------------------------------------ outputs

    /**
     * The next datagram to send (owned by the caller), or null when nothing may be sent now (nothing to send,
     * congestion window full, pacing delay, anti-amplification limit of an unvalidated path —
     * {@link #nextTimeoutNanos()} then says when to ask again). {@link #transmitDestination()} says where it goes.
     */
    public ByteBuf pollTransmit(long nowNanos) {
        ByteBuf d = nextDatagram(nowNanos);
        if (d != null) {
            transmitDestination = path.remote();
            path.onSent(d.readableBytes());
        }
        return d;
    }

    /** The destination of the datagram {@link #pollTransmit} returned last. */
    public InetSocketAddress transmitDestination() {
        return transmitDestination;
    }

    /** The peer's address on the current path. */
    public InetSocketAddress remoteAddress() {
        return path.remote();
    }

    /** The current path (read-only use: tests and diagnostics). */
    public PathState path() {
        return path;
    }

    /** Bytes that may be sent on the current path now (the anti-amplification budget of an unvalidated path). */
    int pathAllowance() {
        return path.sendAllowance();
    }

    private ByteBuf nextDatagram(long nowNanos) {
        if (state == State.CLOSED) {
            return null;
        }
        ByteBuf handshake = session.pollDatagram(alloc);
        if (handshake != null) {
            return handshake;
        }
        if (state == State.HANDSHAKING || state == State.DRAINING || !session.hasProtection()) {
            return null;
        }
        if (state == State.CLOSING) {
            if (!closeFrameDue || (lastCloseSentNanos != Long.MIN_VALUE
                    && nowNanos - lastCloseSentNanos < Math.max(rtt.smoothedRtt(), 1_000_000L))) {
                return null;
            }
            closeFrameDue = false;
            lastCloseSentNanos = nowNanos;
            return builder.buildClosePacket(closeInfo, nowNanos);
        }
        pollRehandshake();
        return builder.build(nowNanos);
    }

    private void pollRehandshake() {
        for (var c = session.pollRehandshakeData(); c != null; c = session.pollRehandshakeData()) {
            rehandshakeOut.add(c);
        }
    }

    /** The next event, or null. */
    public ConnectionEvent pollEvent() {
        return events.poll();
    }

    /** The next received message (the caller owns and releases its data), or null. */
    public ReceivedMessage pollMessage() {
        ReceivedMessage m = streams.pollMessage();
        if (m == null) {
            return null;
        }
        afterStreamActivity(); // consumption may allow window updates
        if (!m.compressed()) {
            return m;
        }
        try {
            ByteBuf plain = io.jetstreamproto.core.internal.compress.Lz4Messages.decompress(m.data(), config.maxMessageSize(),
                    alloc);
            return new ReceivedMessage(m.streamId(), m.messageId(), plain, false);
        } catch (ProtocolViolationException e) {
            closeLocally(CloseReason.PROTOCOL_ERROR, e.errorCode(), e.getMessage(), lastReceiveNanos, true);
            return null;
        } finally {
            m.data().release();
        }
    }

    /**
     * Turns LZ4 compression of messages on or off for one stream (the connection's {@code compression} setting is
     * the default). Compression only happens when the peer can decompress, for messages of at least
     * {@code compressionThreshold} bytes, and when the result is smaller; see {@link
     * io.jetstreamproto.core.internal.compress.AdaptiveCompression} for how incompressible streams stop trying.
     *
     * @throws IllegalArgumentException for a stream this connection does not have
     */
    public void setCompression(long streamId, boolean on) {
        StreamTable.Entry entry = streams.get(streamId);
        if (entry == null) {
            throw new IllegalArgumentException("no stream " + streamId);
        }
        if (!on) {
            entry.compression = null;
        } else if (entry.compression == null) {
            entry.compression = new io.jetstreamproto.core.internal.compress.AdaptiveCompression(config.compressionThreshold());
        }
    }

    /** The compressed form of {@code message} if it should and can be sent compressed, else null. */
    private ByteBuf maybeCompress(long streamId, ByteBuf message) {
        StreamTable.Entry entry = streams.get(streamId);
        var policy = entry == null ? null : entry.compression;
        if (!peerDecompresses || policy == null) {
            return null;
        }
        if (!policy.shouldTry(message.readableBytes())) {
            return null;
        }
        ByteBuf c = io.jetstreamproto.core.internal.compress.Lz4Messages.compressIfSmaller(message, alloc);
        policy.onResult(c != null);
        return c;
    }

    // ------------------------------------------------------------------ application commands

    /**
     * Opens a stream of ours.
     *
     * @throws io.jetstreamproto.core.internal.StreamLimitException if the peer allows no more streams now
     * @throws IllegalStateException if the connection is not open
     */
    public long openStream(DeliveryMode mode, Priority priority) {
        requireOpen();
        return streams.open(mode, priority, config.partialReliabilityTtl().toNanos());
    }

    /**
     * Queues a message on a stream. Returns true if the engine took ownership of {@code message}; false (the caller
     * keeps it) when the send buffer or a rate limit cannot take it now — a {@link ConnectionEvent.Writable} follows
     * when it can.
     *
     * @throws io.jetstreamproto.core.internal.MessageTooLargeException if the message can never be sent (too large)
     * @throws IllegalStateException if the connection is not open; IllegalArgumentException for an unknown stream
     */
    public boolean send(long streamId, ByteBuf message, long nowNanos) {
        requireOpen();
        int length = message.readableBytes();
        if (!streams.canAccept(length) || !rateLimiter.tryAcquire(length, nowNanos)) {
            sendRefused = true;
            if (!rateLimiter.unlimited()) {
                timers.set(Timer.RATE_LIMIT, Math.min(timers.get(Timer.RATE_LIMIT),
                        rateLimiter.nextAvailableNanos(length, nowNanos)));
            }
            return false;
        }
        ByteBuf compressed = maybeCompress(streamId, message);
        if (compressed == null) {
            if (!streams.send(streamId, message, false, nowNanos)) {
                sendRefused = true;
                return false;
            }
            return true;
        }
        if (!streams.send(streamId, compressed, true, nowNanos)) {
            compressed.release();
            sendRefused = true;
            return false;
        }
        message.release(); // ownership taken: the compressed copy goes out instead
        messagesCompressed++;
        return true;
    }

    /** Whether {@link #send} would accept a message of {@code length} bytes now (ignoring rate limits). */
    public boolean isWritable(int length) {
        return state == State.OPEN && streams.canAccept(length);
    }

    /** Bytes queued and not yet acknowledged. */
    public long bufferedBytes() {
        return streams.totalBuffered();
    }

    /** Ends our sending direction of a stream after what is queued. */
    public void closeStream(long streamId) {
        requireOpen();
        StreamTable.Entry e = streams.get(streamId);
        if (e == null) {
            throw new IllegalArgumentException("no open stream " + streamId);
        }
        e.send.close();
        streams.refresh(e);
    }

    /** Abandons a stream at once: queued data is dropped and the peer is told. */
    public void resetStream(long streamId, long errorCode) {
        requireOpen();
        StreamTable.Entry e = streams.get(streamId);
        if (e == null) {
            throw new IllegalArgumentException("no open stream " + streamId);
        }
        long before = e.send.bufferedBytes();
        e.send.reset(errorCode);
        e.receive.stopSending(errorCode);
        streams.adjust(e, before);
    }

    /** Closes the connection: CONNECTION_CLOSE is sent and a {@link ConnectionEvent.Closed} event follows. */
    public void close(CloseReason reason, String phrase, long nowNanos) {
        if (state == State.CLOSED || state == State.CLOSING || state == State.DRAINING) {
            return;
        }
        if (state == State.HANDSHAKING) {
            terminate(new CloseInfo(reason, 0, phrase, false));
            return;
        }
        closeLocally(reason, 0, phrase, nowNanos, true);
    }

    /**
     * Ends the connection at once, without telling the peer, and releases every buffer and key (process shutdown,
     * tests). A {@link ConnectionEvent.Closed} event with {@code reason} follows if none was emitted yet.
     */
    public void abort(CloseReason reason, String phrase) {
        terminate(new CloseInfo(reason, 0, phrase, false));
    }

    /**
     * Closes normally once everything sent so far has been acknowledged, like a socket's linger; if that takes longer
     * than {@code timeoutNanos}, closes anyway (reason NORMAL, the phrase says how much was left). Sending after this
     * call is allowed; what is sent is delivered only if it is acknowledged before the close.
     */
    public void closeAfterDelivery(long timeoutNanos, long nowNanos) {
        if (state != State.OPEN && state != State.HANDSHAKING) {
            return;
        }
        if (!lingering) {
            lingering = true;
            lingerTimeoutNanos = timeoutNanos;
            timers.set(Timer.LINGER, nowNanos + timeoutNanos);
        }
        closeIfDelivered(nowNanos);
    }

    private void closeIfDelivered(long nowNanos) {
        if (lingering && state == State.OPEN && streams.totalBuffered() == 0) {
            closeLocally(CloseReason.NORMAL, 0, "", nowNanos, true);
        }
    }

    /** Starts an in-band re-handshake now (client only); false if one cannot start yet. */
    public boolean startRehandshake(long nowNanos) {
        return state == State.OPEN && session.startRehandshake(nowNanos);
    }

    // ------------------------------------------------------------------ paths

    /**
     * An authenticated packet came from {@code from}, which is not the current path's address. Only the packet with
     * the highest number so far moves the connection (a replayed or reordered packet from a forged or old address
     * never does, SR-36); back to the previous validated path at once, otherwise onto an unvalidated path whose
     * validation is the acknowledgement of a packet sent on it. RTT and congestion state start afresh when the IP
     * address changed, not when only the port did (a NAT rebinding keeps the same bottleneck).
     */
    private void onPacketFromOtherAddress(InetSocketAddress from, int size, boolean highest, long nowNanos) {
        boolean previous = previousPath != null && previousPath.remote().equals(from);
        if (previous) {
            previousPath.onReceived(size);
        }
        if (!highest || state != State.OPEN) {
            return;
        }
        PathState old = path;
        if (previous && previousPath.isValidated()) {
            path = previousPath;
            timers.clear(Timer.PATH_VALIDATION);
        } else {
            path = PathState.unvalidated(from, session.protection().peekNextPacketNumber());
            path.onReceived(size);
            pathProbeDue = true; // a small packet whose acknowledgement validates the path
            long initialPto = new RttEstimator(INITIAL_RTT_NANOS).pto(peerMaxAckDelayNanos);
            timers.set(Timer.PATH_VALIDATION, nowNanos + 3 * Math.max(rtt.pto(peerMaxAckDelayNanos), initialPto));
            if (!old.samePeerHost(from)) {
                resetCongestionState();
            }
        }
        previousPath = old.isValidated() ? old : previousPath;
        pathChanges++;
        events.add(new ConnectionEvent.PathChanged(old.remote(), path.remote(), path.isValidated()));
    }

    /** The loss detector forgot an unacknowledged ACK-only packet: its frames record goes back to the pool. */
    private void onAckOnlyForgotten(io.jetstreamproto.core.internal.recovery.SentPacket p) {
        builder.onForgotten(p);
    }

    /**
     * When this side's next heartbeat is due. The client keeps the beat (every interval since its last one: that
     * also keeps NAT mappings open); the server sends one only after 1.5 intervals without hearing anything, so
     * that while the client beats, an idle connection costs one HEARTBEAT and one ACK per interval, not two each
     * (the client's heartbeat and the server's ACK prove liveness to both sides). A client whose heartbeats are
     * off still gets the server's.
     */
    private long nextHeartbeatNanos(long intervalNanos) {
        long beat = lastHeartbeatSentNanos + intervalNanos;
        return session.isClient() ? beat : Math.max(beat, lastReceiveNanos + intervalNanos + intervalNanos / 2);
    }

    /** The peer acknowledged up to packet {@code largestAcked}: it may validate the current path. */
    void onLargestAcked(long largestAcked) {
        session.onPeerAcknowledgedOneRtt();
        if (path.onAcknowledged(largestAcked)) {
            timers.clear(Timer.PATH_VALIDATION);
            events.add(new ConnectionEvent.PathChanged(path.remote(), path.remote(), true));
        }
    }

    private void onPathValidationTimeout(long nowNanos) {
        timers.clear(Timer.PATH_VALIDATION);
        if (path.isValidated()) {
            return;
        }
        pathValidationFailures++;
        if (previousPath != null) {
            PathState failed = path;
            path = previousPath;
            previousPath = null;
            resetCongestionState();
            events.add(new ConnectionEvent.PathChanged(failed.remote(), path.remote(), true));
            return;
        }
        terminate(new CloseInfo(CloseReason.TIMEOUT, 0, "the peer's new address " + path.remote()
                + " could not be validated", false));
    }

    private void resetCongestionState() {
        rtt = new RttEstimator(INITIAL_RTT_NANOS);
        cc = config.congestionControl().create(maxDatagramSize,
                (long) config.initialCongestionWindowPackets() * maxDatagramSize);
        pacer = new Pacer(maxDatagramSize);
    }

    // ------------------------------------------------------------------ internals used by the helpers

    void closeLocally(CloseReason reason, long errorCode, String phrase, long nowNanos, boolean sendClose) {
        if (state == State.CLOSED || state == State.CLOSING || state == State.DRAINING) {
            return;
        }
        closeInfo = new CloseInfo(reason, errorCode, phrase == null ? "" : phrase, false);
        events.add(new ConnectionEvent.Closed(closeInfo));
        if (!sendClose || !session.hasProtection()) {
            state = State.CLOSED;
            release();
            return;
        }
        state = State.CLOSING;
        closeFrameDue = true;
        timers.set(Timer.CLOSE, nowNanos + 3 * rtt.pto(peerMaxAckDelayNanos));
        streams.releaseAll();
    }

    /** The peer closed: drain silently for three probe timeouts. */
    void onPeerClose(CloseInfo info, long nowNanos) {
        if (state == State.CLOSED || state == State.DRAINING) {
            return;
        }
        if (state != State.CLOSING) {
            closeInfo = info;
            events.add(new ConnectionEvent.Closed(info));
        }
        state = State.DRAINING;
        timers.set(Timer.CLOSE, nowNanos + 3 * rtt.pto(peerMaxAckDelayNanos));
        streams.releaseAll();
    }

    /** Ends at once without anything more on the wire (idle timeout, failed handshake). */
    private void terminate(CloseInfo info) {
        if (state == State.CLOSED) {
            return;
        }
        if (closeInfo == null) {
            closeInfo = info;
            events.add(new ConnectionEvent.Closed(info));
        }
        state = State.CLOSED;
        release();
    }

    private void release() {
        if (fec != null) {
            fec.release();
        }
        streams.releaseAll();
        loss.discardAll();
        earlyPackets.clear();
        session.destroy();
    }

    void afterStreamActivity() {
        for (Long id = streams.pollNewPeerStream(); id != null; id = streams.pollNewPeerStream()) {
            events.add(new ConnectionEvent.StreamOpened(id));
        }
        for (long[] r = streams.pollReset(); r != null; r = streams.pollReset()) {
            events.add(new ConnectionEvent.StreamReset(r[0], r[1]));
        }
        streams.collectFinished();
        if (streams.pollMaxStreams() >= 0) {
            maxStreamsDue = true;
        }
        if (streams.ready() && streams.receiveWindow().pollWindowUpdate() >= 0) {
            maxDataDue = true; // the builder sends the current MAX_DATA value
        }
    }

    void checkWritable(long nowNanos) {
        if (sendRefused && state == State.OPEN && streams.totalBuffered() <= config.sendBufferSize() / 2
                && rateLimiter.nextAvailableNanos(1, nowNanos) <= nowNanos) {
            sendRefused = false;
            events.add(new ConnectionEvent.Writable());
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("connection is " + state);
        }
    }

    // ------------------------------------------------------------------ observers

    public State state() {
        return state;
    }

    /** Whether the engine is finished and its resources released (the transport may forget it). */
    public boolean isTerminated() {
        return state == State.CLOSED;
    }

    /** How it closed, once it did; else null. */
    public CloseInfo closeInfo() {
        return closeInfo;
    }

    public ConnectionId localConnectionId() {
        return session.localConnectionId();
    }

    /** Writes the 1-RTT header of packet {@code pn} (compact when negotiated) and returns its length. */
    int writeHeader(ByteBuf out, boolean keyPhase, long pn) {
        if (compactHeaders) {
            int pnLength = io.jetstreamproto.crypto.internal.packet.CompactHeader.packetNumberLength(pn, loss.largestAcked());
            if (pnLength > 0) {
                return io.jetstreamproto.crypto.internal.packet.CompactHeader.write(out, keyPhase, remoteConnectionId(),
                        session.isClient(), pn, pnLength);
            }
        }
        return PacketCodec.writeShortHeader(out, keyPhase, remoteConnectionId(), pn);
    }

    public ConnectionId remoteConnectionId() {
        return session.remoteConnectionId();
    }

    /** Negotiated handshake facts, once open. */
    public HandshakeSummary handshakeSummary() {
        return session.summary();
    }

    /** The peer's transport parameters, once open. */
    /**
     * Whether a server connection still holds its handshake state (ClientHello, cached flight, handshake keys);
     * it drops it once the client acknowledges a 1-RTT packet. Always false for a client connection.
     */
    public boolean holdsServerHandshakeState() {
        return session instanceof io.jetstreamproto.crypto.internal.session.ServerSession s && s.holdsHandshakeState();
    }

        public TransportParameters peerTransportParameters() {
        return peerParameters;
    }

    public boolean isClient() {
        return session.isClient();
    }

    /** A snapshot of the counters. */
    public ConnectionStats stats() {
        ProtectionStats ps = session.hasProtection() && state != State.CLOSED ? session.protection().stats() : null;
        return new ConnectionStats(rtt.hasSample() ? rtt.smoothedRtt() : 0, rtt.hasSample() ? rtt.minRtt() : 0,
                cc.congestionWindow(), cc.bytesInFlight(), bytesSent, bytesReceived, packetsSent, packetsReceived,
                packetsLost, fragmentsRetransmitted, streams.messagesSent(), streams.messagesReceived(),
                packetsDropped, ps == null ? 0 : ps.duplicatesDropped(),
                ps == null ? 0 : ps.keyUpdatesSent() + ps.keyUpdatesReceived(), fec == null ? 0 : fec.packetsRecovered,
                loss.spuriousLosses(), loss.packetThreshold(), fec == null ? 0 : fec.repairPacketsSent,
                fec == null ? 0 : fec.repairBytesSent, fec == null ? 0 : fec.parityShards(), messagesCompressed,
                fec == null ? 0 : fec.repairPacketsLost, fec != null, compactHeaders);
    }

    /** Every deadline, for diagnosing a simulation that does not advance. */
    public String describeTimers() {
        refreshTimers();
        return timers + " cwnd=" + cc.congestionWindow() + " inflight=" + cc.bytesInFlight() + " path=" + path
                + " state=" + state;
    }

    @Override
    public String toString() {
        return "ConnectionEngine[" + (isClient() ? "client" : "server") + ", " + state + ", local="
                + session.localConnectionId() + "]";
    }
}
