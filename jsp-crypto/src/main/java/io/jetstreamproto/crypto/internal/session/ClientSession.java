package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.handshake.ClientHandshake;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessageType;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessages;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.jetstreamproto.crypto.internal.identity.ServerPublicKeys;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.LongHeader;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.PacketType;
import io.jetstreamproto.crypto.internal.packet.RetryPacket;
import io.jetstreamproto.crypto.internal.packet.VersionNegotiationPacket;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.jetstreamproto.crypto.internal.token.RetryIntegrity;
import io.jetstreamproto.crypto.internal.util.Durations;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.Destroyable;

/**
 * The client side of a secure session, sans-IO (docs/PROTOCOL.md §5-6): it sends ClientHello in padded Initial
 * datagrams, follows Version Negotiation and Retry, verifies the server, and ends with 1-RTT
 * {@link PacketProtection}. Retransmission is flight-based: the whole last flight is re-sent with exponential
 * backoff until the peer's answer arrives; a retransmitted flight is byte-identical, so it never creates new keys
 * (SR-15).
 *
 * <p>Drive it with {@link #handleDatagram}, {@link #handleTimeout} and {@link #pollDatagram}; ask
 * {@link #nextTimeoutNanos()} when to call {@code handleTimeout}. Not thread-safe: one owner thread.
 */
public final class ClientSession implements SecureSession {
    private static final int MAX_BUFFERED_HANDSHAKE_PACKETS = 4;
    private static final int CRYPTO_LIMIT = 16 * 1024;

    private final ClientSessionConfig config;
    private final RandomSource random;
    private final ConnectionId localCid;
    private final ConnectionId originalDcid;
    private final long deadline;
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final List<byte[]> bufferedHandshakePackets = new ArrayList<>();

    private ClientHandshakeParams params;
    private ClientHandshake handshake;
    private ConnectionId remoteCid;
    private byte[] token = new byte[0];
    private ConnectionId retryScid;
    private boolean versionNegotiated;
    private boolean serverCidLearned;
    private FlightEncoder.PacketNumbers pns = new FlightEncoder.PacketNumbers();
    private CryptoReassembler initialCrypto = new CryptoReassembler(CRYPTO_LIMIT);
    private final CryptoReassembler handshakeCrypto = new CryptoReassembler(CRYPTO_LIMIT);
    private HandshakeLevelKeys handshakeKeys;
    private List<byte[]> lastFlight = List.of();
    private byte[] clientFinished;
    private long retransmitAt;
    private long retransmitInterval;

    private SessionState state = SessionState.HANDSHAKING;
    private HandshakeException failure;
    private PacketProtection protection;
    private SecretBytes exporter;
    private HandshakeSummary summary;
    private ServerPublicKeys serverKeys;
    private byte[] serverTransportParameters;
    private final Rehandshaker rehandshaker;
    private long droppedPackets;

    private ClientSession(ClientSessionConfig config, RandomSource random, ConnectionId localCid, long nowNanos) {
        this.config = config;
        this.random = random;
        this.localCid = localCid;
        this.originalDcid = ConnectionId.random(random);
        this.remoteCid = originalDcid;
        this.deadline = nowNanos + config.timers().handshakeTimeout().toNanos();
        this.params = new ClientHandshakeParams(config.versions(), config.versions().get(0), 0, config.cipherSuites(),
                config.transportParameters(), config.psk(), config.trust(), config.serverName());
        this.rehandshaker = Rehandshaker.client(config, random);
        startHandshake(nowNanos);
    }

    /** Creates the session and queues the first ClientHello flight. */
    public static ClientSession start(ClientSessionConfig config, RandomSource random, long nowNanos) {
        return new ClientSession(config, random, ConnectionId.random(random), nowNanos);
    }

    /**
     * Starts a handshake whose packets to us carry {@code localCid} (an endpoint that routes by connection id
     * chooses it; {@link ConnectionId#LENGTH} bytes).
     */
    public static ClientSession start(ClientSessionConfig config, RandomSource random, ConnectionId localCid,
            long nowNanos) {
        if (localCid.length() != ConnectionId.LENGTH) {
            throw new IllegalArgumentException("local connection ids are " + ConnectionId.LENGTH + " bytes");
        }
        return new ClientSession(config, random, localCid, nowNanos);
    }

    private void startHandshake(long nowNanos) {
        handshake = ClientHandshake.start(params, random);
        handshake.expectConnectionIds(originalDcid.toBytes(), null);
        sendClientHello(nowNanos);
    }

    private void sendClientHello(long nowNanos) {
        FlightEncoder enc = new FlightEncoder(params.version(), remoteCid, localCid, token, config.maxDatagramSize(),
                true, pns, null);
        byte[] ch = handshake.clientHello();
        sendFlight(enc.encode(List.of(new FlightEncoder.LevelData(PacketType.INITIAL, 0, ch))), nowNanos);
    }

    private void sendFlight(List<byte[]> flight, long nowNanos) {
        lastFlight = flight;
        outbox.addAll(flight);
        retransmitInterval = config.timers().initialRetransmit().toNanos();
        retransmitAt = nowNanos + retransmitInterval;
    }

    /**
     * Processes the long-header packets of a datagram, starting at its reader index, and advances the reader index
     * past them. Stops at a short-header packet (1-RTT data for the transport) or at the end. Malformed or
     * unauthentic packets are dropped silently and counted (no reply reveals anything, §5.7). The datagram is
     * decrypted in place; the caller keeps ownership.
     */
    public void handleDatagram(ByteBuf datagram, long nowNanos) {
        while (datagram.isReadable() && state != SessionState.FAILED) {
            int start = datagram.readerIndex();
            if (!PacketCodec.hasFixedBit(datagram, start) && !PacketCodec.isLongHeader(datagram)) {
                droppedPackets++;
                datagram.skipBytes(datagram.readableBytes());
                return;
            }
            if (!PacketCodec.isLongHeader(datagram)) {
                return; // a 1-RTT packet: the transport's business
            }
            try {
                if (VersionNegotiationPacket.isVersionNegotiation(datagram)) {
                    onVersionNegotiation(VersionNegotiationPacket.decode(datagram), nowNanos);
                    return;
                }
                if (RetryPacket.isRetry(datagram)) {
                    onRetry(RetryPacket.decode(datagram), nowNanos);
                    return;
                }
                LongHeader header = PacketCodec.readLongHeader(datagram);
                datagram.readerIndex(header.packetEnd());
                if (!header.dcid().equals(localCid) || header.version() != params.version()) {
                    droppedPackets++;
                    continue;
                }
                if (header.type() == PacketType.INITIAL) {
                    onInitial(datagram, header, nowNanos);
                } else {
                    onHandshakePacket(datagram, header, nowNanos);
                }
            } catch (PacketFormatException e) {
                droppedPackets++;
                datagram.skipBytes(datagram.readableBytes());
                return;
            } catch (HandshakeException e) {
                fail(e);
                return;
            }
        }
    }

    private void onVersionNegotiation(VersionNegotiationPacket vn, long nowNanos) throws HandshakeException {
        // Acted on at most once, only before any server answer, only if it echoes our ids (RFC 9000 §6.2).
        if (versionNegotiated || serverCidLearned || !vn.dcid().equals(localCid) || !vn.scid().equals(originalDcid)
                || vn.versions().contains(params.version())) {
            droppedPackets++;
            return;
        }
        for (int v : config.versions()) {
            if (vn.versions().contains(v)) {
                versionNegotiated = true;
                handshake.destroy();
                params = params.afterVersionNegotiation(v);
                pns = new FlightEncoder.PacketNumbers();
                initialCrypto = new CryptoReassembler(CRYPTO_LIMIT);
                outbox.clear();
                startHandshake(nowNanos);
                return;
            }
        }
        throw new HandshakeException(HandshakeError.UNSUPPORTED_VERSION,
                "server supports none of our versions (it offered " + vn.versions().size() + ")");
    }

    private void onRetry(RetryPacket retry, long nowNanos) {
        // One Retry per attempt, and only one whose tag is bound to our original destination id (SR-28).
        if (retryScid != null || serverCidLearned || !retry.dcid().equals(localCid) || retry.version() != params.version()
                || !RetryIntegrity.verify(retry, originalDcid)) {
            droppedPackets++;
            return;
        }
        retryScid = retry.scid();
        remoteCid = retry.scid();
        token = retry.token();
        handshake.expectConnectionIds(originalDcid.toBytes(), retryScid.toBytes());
        outbox.clear();
        sendClientHello(nowNanos); // the same ClientHello (same ephemerals), now with the token
    }

    private void onInitial(ByteBuf datagram, LongHeader header, long nowNanos) throws HandshakeException {
        if (!serverCidLearned) {
            if (header.scid().length() != ConnectionId.LENGTH) {
                droppedPackets++;
                return;
            }
            serverCidLearned = true;
            remoteCid = header.scid();
        } else if (!header.scid().equals(remoteCid)) {
            droppedPackets++;
            return;
        }
        HandshakeFrames.decode(datagram, header.payloadStart(), header.packetEnd(), true, new FrameSink(initialCrypto));
        byte[] msg = initialCrypto.nextMessage();
        if (msg != null && handshakeKeys == null) {
            SessionSecrets hs = handshake.onServerHello(msg);
            handshakeKeys = new HandshakeLevelKeys(hs, true, config.protection().aead());
            List<byte[]> pending = new ArrayList<>(bufferedHandshakePackets);
            bufferedHandshakePackets.clear();
            for (byte[] p : pending) {
                ByteBuf b = Unpooled.wrappedBuffer(p);
                handleDatagram(b, nowNanos);
            }
        }
    }

    private void onHandshakePacket(ByteBuf datagram, LongHeader header, long nowNanos) throws HandshakeException {
        if (handshakeKeys == null) {
            // Arrived before ServerHello (reordering): keep a few copies to open once keys exist.
            if (bufferedHandshakePackets.size() < MAX_BUFFERED_HANDSHAKE_PACKETS) {
                byte[] copy = new byte[header.packetEnd() - header.headerStart()];
                datagram.getBytes(header.headerStart(), copy);
                bufferedHandshakePackets.add(copy);
            } else {
                droppedPackets++;
            }
            return;
        }
        if (handshakeKeys.isDestroyed()) {
            droppedPackets++; // a late Handshake packet after confirmation: its keys are gone
            return;
        }
        int n = handshakeKeys.open(datagram, header);
        if (n < 0) {
            droppedPackets++;
            return;
        }
        FrameSink sink = new FrameSink(handshakeCrypto);
        HandshakeFrames.decode(datagram, header.payloadStart(), header.payloadStart() + n, false, sink);
        if (sink.closeReason != null) {
            throw new HandshakeException(HandshakeError.INTERNAL_ERROR,
                    "server closed the handshake: code " + sink.closeCode + " (" + sink.closeReason + ")");
        }
        for (byte[] msg = handshakeCrypto.nextMessage(); msg != null; msg = handshakeCrypto.nextMessage()) {
            onHandshakeMessage(msg, nowNanos);
        }
        if (sink.handshakeDone || (state == SessionState.ESTABLISHED && !sink.fresh)) {
            if (sink.handshakeDone) {
                confirm();
            } else {
                retransmitLastFlight(); // the server repeated itself: our ClientFinished was probably lost
            }
        }
    }

    private void onHandshakeMessage(byte[] msg, long nowNanos) throws HandshakeException {
        HandshakeMessageType type = HandshakeMessages.typeOf(msg);
        if (type == HandshakeMessageType.SERVER_AUTH) {
            handshake.onServerAuth(msg);
        } else if (type == HandshakeMessageType.SERVER_FINISHED) {
            byte[] clientFinished = handshake.onServerFinished(msg);
            SessionSecrets app = handshake.takeApplicationSecrets();
            exporter = SecretBytes.copyOf(app.exporter().bytes());
            protection = new PacketProtection(app, true, config.protection(), false, nowNanos);
            serverKeys = handshake.serverKeys();
            serverTransportParameters = handshake.serverTransportParameters();
            summary = new HandshakeSummary(params.version(), handshake.cipherSuite(), HandshakeSummary.KEY_EXCHANGE,
                    serverKeys.mode(), serverKeys.fingerprint(), handshake.trustDecision().reason(),
                    retryScid != null && !handshake.answeredBeforeRetry(),
                    config.psk() != null);
            this.clientFinished = clientFinished;
            sendFlight(encodeClientFinished(), nowNanos);
            state = SessionState.ESTABLISHED;
            handshake.destroy();
        } else {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "unexpected " + type + " from server");
        }
    }

    /** ClientFinished in a Handshake packet with a fresh packet number (the server's replay window drops repeats). */
    private List<byte[]> encodeClientFinished() {
        FlightEncoder enc = new FlightEncoder(params.version(), remoteCid, localCid, null, config.maxDatagramSize(),
                false, pns, handshakeKeys.send);
        return enc.encode(List.of(new FlightEncoder.LevelData(PacketType.HANDSHAKE, 0, clientFinished)));
    }

    private void retransmitLastFlight() {
        if (state == SessionState.ESTABLISHED) {
            lastFlight = encodeClientFinished();
        }
        outbox.addAll(lastFlight);
    }

    /**
     * The transport authenticated a 1-RTT packet from the server: the server has our ClientFinished, so the
     * handshake is confirmed even if HANDSHAKE_DONE was lost.
     */
    public void onOneRttPacketAuthenticated() {
        if (state == SessionState.ESTABLISHED) {
            confirm();
        }
    }

    private void confirm() {
        if (state != SessionState.ESTABLISHED) {
            return;
        }
        state = SessionState.CONFIRMED;
        protection.confirm();
        lastFlight = List.of();
        clientFinished = null;
        retransmitAt = Long.MAX_VALUE;
        if (handshakeKeys != null) {
            handshakeKeys.destroy(); // handshake keys are no longer needed
        }
    }

    /** When {@link #handleTimeout} must next run, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        if (state == SessionState.FAILED) {
            return Long.MAX_VALUE;
        }
        if (state == SessionState.CONFIRMED) {
            return protection.nextTimeoutNanos();
        }
        long t = Math.min(retransmitAt, state == SessionState.HANDSHAKING ? deadline : Long.MAX_VALUE);
        return protection == null ? t : Math.min(t, protection.nextTimeoutNanos());
    }

    /** Retransmits the last flight with backoff, fails the handshake at its deadline, expires old keys. */
    public void handleTimeout(long nowNanos) {
        if (state == SessionState.FAILED) {
            return;
        }
        if (protection != null) {
            protection.onTimeout(nowNanos);
        }
        if (state == SessionState.HANDSHAKING && nowNanos - deadline >= 0) {
            fail(new HandshakeException(HandshakeError.TIMEOUT,
                    "no answer from " + config.serverName() + " within "
                            + Durations.human(config.timers().handshakeTimeout())));
            return;
        }
        if (state != SessionState.CONFIRMED && nowNanos - retransmitAt >= 0 && !lastFlight.isEmpty()) {
            retransmitLastFlight();
            retransmitInterval = Math.min(retransmitInterval * 2, config.timers().maxRetransmit().toNanos());
            long jitter = (random.nextBytes(1)[0] & 0x7F) * retransmitInterval / 1024; // up to +12%
            retransmitAt = nowNanos + retransmitInterval + jitter;
        }
    }

    /** The next datagram to send, owned by the caller, or null. */
    public ByteBuf pollDatagram(ByteBufAllocator alloc) {
        byte[] d = outbox.poll();
        if (d == null) {
            return null;
        }
        ByteBuf b = alloc.buffer(d.length);
        b.writeBytes(d);
        return b;
    }

    /** Whether {@link #pollDatagram} has something. */
    public boolean hasPendingDatagrams() {
        return !outbox.isEmpty();
    }

    private void fail(HandshakeException e) {
        if (state == SessionState.FAILED) {
            return;
        }
        if (handshakeKeys != null && !handshakeKeys.isDestroyed() && e.error() != HandshakeError.TIMEOUT) {
            // Keys exist: tell the server why, authenticated (§5.7).
            FlightEncoder enc = new FlightEncoder(params.version(), remoteCid, localCid, null, config.maxDatagramSize(),
                    false, pns, handshakeKeys.send);
            ByteBuf frames = Unpooled.buffer();
            try {
                HandshakeFrames.writeConnectionClose(frames, e.error().code(), e.error().name());
                outbox.add(enc.handshakePacket(frames));
            } finally {
                frames.release();
            }
        }
        failure = e;
        state = SessionState.FAILED;
        lastFlight = List.of();
        if (handshake != null) {
            handshake.destroy();
        }
    }

    @Override
    public boolean isClient() {
        return true;
    }

    @Override
    public boolean hasProtection() {
        return state == SessionState.ESTABLISHED || state == SessionState.CONFIRMED;
    }

    public SessionState state() {
        return state;
    }

    /** Why the handshake failed, or null. */
    public HandshakeException failure() {
        return failure;
    }

    /** 1-RTT protection, once {@link SessionState#ESTABLISHED}. */
    public PacketProtection protection() {
        if (protection == null) {
            throw new IllegalStateException("session not established");
        }
        return protection;
    }

    public ConnectionId localConnectionId() {
        return localCid;
    }

    /** The id to put in outgoing packets: the server's chosen id once known. */
    public ConnectionId remoteConnectionId() {
        return remoteCid;
    }

    public ConnectionId originalDestinationConnectionId() {
        return originalDcid;
    }

    /** Negotiated facts, after establishment. */
    public HandshakeSummary summary() {
        return summary;
    }

    public ServerPublicKeys serverKeys() {
        return serverKeys;
    }

    /** The server's transport parameters, after establishment. */
    public byte[] peerTransportParameters() {
        return serverTransportParameters == null ? null : serverTransportParameters.clone();
    }

    /** Packets dropped as malformed, misaddressed or unauthentic. */
    public long droppedPackets() {
        return droppedPackets;
    }

    /** The version in use. */
    public int version() {
        return params.version();
    }

    /** The message-level handshake (tests: ephemeral-key destruction, transcript). */
    public ClientHandshake handshakeForTesting() {
        return handshake;
    }

    // ---- in-band re-handshake (SR-21) ----

    /**
     * Starts an in-band re-handshake with fresh ephemerals; its bytes come out of {@link #pollRehandshakeData}
     * and must be carried reliably inside the protected channel. Returns false if one cannot start now (not
     * confirmed, key phases not in sync, or one already running).
     */
    public boolean startRehandshake(long nowNanos) {
        if (state != SessionState.CONFIRMED) {
            return false;
        }
        return rehandshaker.startClient(params, exporter, serverKeys, protection);
    }

    /** Re-handshake bytes of generation {@code generation} received at {@code offset} of the peer's stream. */
    public void handleRehandshakeData(int generation, long offset, byte[] data, long nowNanos) {
        try {
            rehandshaker.onData(generation, offset, data, protection);
            SecretBytes next = rehandshaker.takeNewExporter();
            if (next != null) {
                exporter.destroy();
                exporter = next;
            }
        } catch (HandshakeException e) {
            fail(e);
        }
    }

    /** Re-handshake bytes to send, or null. */
    public Rehandshaker.Chunk pollRehandshakeData() {
        return rehandshaker.poll();
    }

    /** Completed in-band re-handshakes. */
    public int rehandshakeGeneration() {
        return rehandshaker.completedGenerations();
    }

    @Override
    public void destroy() {
        if (handshake != null) {
            handshake.destroy();
        }
        if (handshakeKeys != null) {
            handshakeKeys.destroy();
        }
        if (protection != null) {
            protection.destroy();
        }
        if (exporter != null) {
            exporter.destroy();
        }
        rehandshaker.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return protection == null || protection.isDestroyed();
    }

    @Override
    public String toString() {
        return "ClientSession[" + state + ", local=" + localCid + ", remote=" + remoteCid + "]";
    }

    /** Collects CRYPTO data into a reassembler and notes control frames. */
    private static final class FrameSink implements HandshakeFrames.Visitor {
        private final CryptoReassembler crypto;
        boolean fresh;
        boolean handshakeDone;
        long closeCode;
        String closeReason;

        FrameSink(CryptoReassembler crypto) {
            this.crypto = crypto;
        }

        @Override
        public void crypto(long offset, byte[] data, int dataOffset, int length) {
            fresh |= crypto.add(offset, data, dataOffset, length);
        }

        @Override
        public void handshakeDone() {
            handshakeDone = true;
        }

        @Override
        public void connectionClose(long errorCode, String reason) {
            closeCode = errorCode;
            closeReason = reason;
        }
    }
}
