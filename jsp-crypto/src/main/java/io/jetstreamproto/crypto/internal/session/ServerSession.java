package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.handshake.Extensions;
import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessageType;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessages;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshake;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.LongHeader;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.PacketType;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.jetstreamproto.crypto.internal.token.AmplificationLimiter;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.List;
import javax.security.auth.Destroyable;

/**
 * The server side of a secure session, sans-IO. {@link #accept} runs the expensive part of the handshake (it may
 * run on a worker thread) and queues the server flight; afterwards the session lives on the connection's event
 * loop. The flight is cached: a retransmitted ClientHello gets the same bytes again without new cryptography, and a
 * repeated ClientFinished only repeats HANDSHAKE_DONE (SR-15). Before the client's address is validated, at most
 * three times the bytes received are sent (SR-25). Not thread-safe after {@code accept} returns.
 */
public final class ServerSession implements SecureSession {
    private static final int CRYPTO_LIMIT = 16 * 1024;

    private final ServerSessionConfig config;
    private final int version;
    private final ConnectionId clientScid;
    private final ConnectionId localCid;
    private final AmplificationLimiter amplification = new AmplificationLimiter();
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    // Handshake state: all of it is dropped once the client has shown it is confirmed (discardHandshakeState).
    private ClientInitial initial;
    private ServerHandshake handshake;
    private HandshakeLevelKeys handshakeKeys;
    private FlightEncoder encoder;
    private List<byte[]> flight;
    private CryptoReassembler handshakeCrypto = new CryptoReassembler(CRYPTO_LIMIT);
    private byte[] peerTransportParameters;
    private final long deadline;
    private final Rehandshaker rehandshaker;
    private byte[] handshakeDonePacket;
    private SessionState state = SessionState.HANDSHAKING;
    private HandshakeException failure;
    private PacketProtection protection;
    private HandshakeSummary summary;
    private long droppedPackets;
    private long flightResends;
    private long amplificationBlocked;

    private ServerSession(ServerSessionConfig config, ClientInitial initial, ConnectionId localCid,
            ServerHandshake handshake, RandomSource random, long nowNanos) {
        this.config = config;
        this.initial = initial;
        this.version = initial.version();
        this.clientScid = initial.clientScid();
        this.localCid = localCid;
        this.handshake = handshake;
        this.handshakeKeys = new HandshakeLevelKeys(handshake.takeHandshakeSecrets(), false,
                config.protection().aead());
        this.encoder = new FlightEncoder(initial.version(), initial.clientScid(), localCid, null,
                config.maxDatagramSize(), false, new FlightEncoder.PacketNumbers(), handshakeKeys.send);
        byte[] auth = handshake.serverAuth();
        byte[] fin = handshake.serverFinished();
        byte[] hsBytes = new byte[auth.length + fin.length];
        System.arraycopy(auth, 0, hsBytes, 0, auth.length);
        System.arraycopy(fin, 0, hsBytes, auth.length, fin.length);
        this.flight = encoder.encode(List.of(new FlightEncoder.LevelData(PacketType.INITIAL, 0, handshake.serverHello()),
                new FlightEncoder.LevelData(PacketType.HANDSHAKE, 0, hsBytes)));
        this.deadline = nowNanos + config.timers().handshakeTimeout().toNanos();
        this.rehandshaker = Rehandshaker.server(config.handshake(), random);
        amplification.onReceived(initial.bytesReceived());
        if (initial.addressValidated()) {
            amplification.markValidated();
        }
        outbox.addAll(flight);
    }

    /**
     * Runs the expensive half of the handshake for a gated ClientHello: parses and checks it, encapsulates to the
     * client's ML-KEM key, computes the X25519 secret, signs the transcript, and queues the server flight.
     * Safe to call on a worker thread: it touches only its arguments.
     *
     * @param localCid the connection id for the client to use (after a Retry it must be the Retry's source id)
     * @throws HandshakeException if the ClientHello is unacceptable; nothing is sent back (§5.7)
     */
    public static ServerSession accept(ServerSessionConfig config, ClientInitial initial, ConnectionId localCid,
            RandomSource random, long nowNanos) throws HandshakeException {
        if (initial.retryScid() != null && !initial.retryScid().equals(localCid)) {
            throw new IllegalArgumentException("after a Retry the connection id must be the Retry's source id");
        }
        Extensions cidExt = Extensions.empty().with(Extensions.ORIGINAL_DESTINATION_CID, initial.originalDcid().toBytes());
        if (initial.retryScid() != null) {
            cidExt = cidExt.with(Extensions.RETRY_SOURCE_CID, initial.retryScid().toBytes());
        }
        ServerHandshake hs = ServerHandshake.respond(config.handshake(), initial.clientHello(), initial.version(), cidExt,
                random);
        return new ServerSession(config, initial, localCid, hs, random, nowNanos);
    }

    /**
     * Processes the long-header packets of a datagram from the client (reader index onwards), stopping at a
     * short-header packet. Counts the whole datagram toward the anti-amplification budget. Decrypts in place;
     * the caller keeps ownership.
     */
    public void handleDatagram(ByteBuf datagram, long nowNanos) {
        amplification.onReceived(datagram.readableBytes());
        while (datagram.isReadable() && state != SessionState.FAILED) {
            if (!PacketCodec.isLongHeader(datagram)) {
                return;
            }
            if (handshake == null) {
                // Handshake keys are gone (the client is confirmed): a late or replayed handshake packet.
                droppedPackets++;
                datagram.skipBytes(datagram.readableBytes());
                return;
            }
            try {
                if (PacketCodec.peekVersion(datagram) != version) {
                    droppedPackets++;
                    datagram.skipBytes(datagram.readableBytes());
                    return;
                }
                LongHeader h = PacketCodec.readLongHeader(datagram);
                datagram.readerIndex(h.packetEnd());
                if (!h.scid().equals(clientScid)) {
                    droppedPackets++;
                    continue;
                }
                if (h.type() == PacketType.INITIAL) {
                    onInitial(datagram, h);
                } else if (h.dcid().equals(localCid)) {
                    onHandshakePacket(datagram, h, nowNanos);
                } else {
                    droppedPackets++;
                }
            } catch (PacketFormatException e) {
                droppedPackets++;
                datagram.skipBytes(datagram.readableBytes());
                return;
            } catch (HandshakeException e) {
                fail(e, true);
                return;
            }
        }
    }

    private void onInitial(ByteBuf datagram, LongHeader h) {
        boolean[] restart = {false};
        HandshakeFrames.decode(datagram, h.payloadStart(), h.packetEnd(), true, new HandshakeFrames.Visitor() {
            @Override
            public void crypto(long offset, byte[] data, int dataOffset, int length) {
                restart[0] |= offset == 0;
            }

            @Override
            public void handshakeDone() {
                // not allowed at this level; the decoder rejects it
            }

            @Override
            public void connectionClose(long errorCode, String reason) {
                // not allowed at this level; the decoder rejects it
            }
        });
        if (restart[0] && state == SessionState.HANDSHAKING) {
            // The client is retransmitting ClientHello: our flight was lost. Same bytes, no new crypto.
            flightResends++;
            outbox.clear();
            outbox.addAll(flight);
        }
    }

    private void onHandshakePacket(ByteBuf datagram, LongHeader h, long nowNanos) throws HandshakeException {
        int n = handshakeKeys.isDestroyed() ? -1 : handshakeKeys.open(datagram, h);
        if (n < 0) {
            droppedPackets++;
            return;
        }
        amplification.markValidated(); // only the real client can protect with handshake keys
        long[] close = {-1};
        String[] reason = {null};
        HandshakeFrames.decode(datagram, h.payloadStart(), h.payloadStart() + n, false, new HandshakeFrames.Visitor() {
            @Override
            public void crypto(long offset, byte[] data, int dataOffset, int length) {
                handshakeCrypto.add(offset, data, dataOffset, length);
            }

            @Override
            public void handshakeDone() {
                throw new PacketFormatException("HANDSHAKE_DONE from a client");
            }

            @Override
            public void connectionClose(long errorCode, String r) {
                close[0] = errorCode;
                reason[0] = r;
            }
        });
        if (close[0] >= 0) {
            fail(new HandshakeException(HandshakeError.INTERNAL_ERROR,
                    "client aborted the handshake: code " + close[0] + " (" + reason[0] + ")"), false);
            return;
        }
        for (byte[] msg = handshakeCrypto.nextMessage(); msg != null; msg = handshakeCrypto.nextMessage()) {
            if (HandshakeMessages.typeOf(msg) != HandshakeMessageType.CLIENT_FINISHED || state != SessionState.HANDSHAKING) {
                throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "unexpected handshake message");
            }
            handshake.onClientFinished(msg);
            peerTransportParameters = handshake.clientTransportParameters();
            SessionSecrets app = handshake.takeApplicationSecrets();
            rehandshaker.setServerExporter(app.exporter());
            protection = new PacketProtection(app, false, config.protection(), true, nowNanos);
            summary = new HandshakeSummary(handshake.version(), handshake.cipherSuite(), HandshakeSummary.KEY_EXCHANGE,
                    handshake.identity().mode(), handshake.identity().publicKeys().fingerprint(), "n/a",
                    initial.retryScid() != null, handshake.clientHello().pskId().length > 0);
            state = SessionState.CONFIRMED; // for the server, a verified ClientFinished confirms the handshake
        }
        if (state == SessionState.CONFIRMED) {
            if (handshakeDonePacket == null) {
                ByteBuf frames = Unpooled.buffer(1);
                try {
                    frames.writeByte(HandshakeFrames.HANDSHAKE_DONE);
                    handshakeDonePacket = encoder.handshakePacket(frames);
                } finally {
                    frames.release();
                }
            }
            // The first ClientFinished, or any repeat of it: (re)send HANDSHAKE_DONE, never re-key (SR-15).
            outbox.add(handshakeDonePacket);
        }
    }

    /** When {@link #handleTimeout} must next run. */
    public long nextTimeoutNanos() {
        if (state == SessionState.HANDSHAKING) {
            return deadline;
        }
        return protection == null ? Long.MAX_VALUE : protection.nextTimeoutNanos();
    }

    /** Fails a half-open handshake at its deadline; expires old receive keys. */
    public void handleTimeout(long nowNanos) {
        if (state == SessionState.HANDSHAKING && nowNanos - deadline >= 0) {
            fail(new HandshakeException(HandshakeError.TIMEOUT, "client did not finish the handshake in time"), false);
        } else if (protection != null) {
            protection.onTimeout(nowNanos);
        }
    }

    /**
     * The next datagram to send (owned by the caller), or null when there is none or the anti-amplification
     * budget does not allow it yet.
     */
    public ByteBuf pollDatagram(ByteBufAllocator alloc) {
        byte[] d = outbox.peek();
        if (d == null) {
            return null;
        }
        if (!amplification.canSend(d.length)) {
            amplificationBlocked++;
            return null;
        }
        outbox.poll();
        amplification.onSent(d.length);
        ByteBuf b = alloc.buffer(d.length);
        b.writeBytes(d);
        return b;
    }

    public boolean hasPendingDatagrams() {
        return !outbox.isEmpty();
    }

    private void fail(HandshakeException e, boolean tellClient) {
        if (state == SessionState.FAILED) {
            return;
        }
        if (tellClient && e.error() != HandshakeError.TIMEOUT && handshakeKeys != null
                && !handshakeKeys.isDestroyed()) {
            ByteBuf frames = Unpooled.buffer();
            try {
                HandshakeFrames.writeConnectionClose(frames, e.error().code(), e.error().name());
                outbox.add(encoder.handshakePacket(frames));
            } finally {
                frames.release();
            }
        }
        failure = e;
        state = SessionState.FAILED;
        if (handshake != null) {
            handshake.destroy();
        }
    }

    @Override
    public boolean isClient() {
        return false;
    }

    /** Nothing to do: the server's handshake is confirmed by ClientFinished. */
    @Override
    public void onOneRttPacketAuthenticated() {
    }

    /**
     * The client acknowledged a 1-RTT packet of ours, so it has authenticated one and is confirmed too: it sends
     * no more ClientFinished, and the handshake state (the ClientHello, the cached flight, the handshake keys and
     * ciphers, the transcript) is dropped — about half of an idle server connection's memory. Handshake packets
     * that still arrive are dropped and counted.
     */
    @Override
    public void onPeerAcknowledgedOneRtt() {
        if (state != SessionState.CONFIRMED || handshake == null) {
            return;
        }
        handshake.destroy();
        handshakeKeys.destroy();
        handshake = null;
        handshakeKeys = null;
        initial = null;
        encoder = null;
        flight = null;
        handshakeDonePacket = null;
        handshakeCrypto = null;
        outbox.clear();
    }

    /** Whether the handshake state is still held (until {@link #onPeerAcknowledgedOneRtt}). */
    public boolean holdsHandshakeState() {
        return handshake != null;
    }

    /** Only clients start re-handshakes. */
    @Override
    public boolean startRehandshake(long nowNanos) {
        return false;
    }

    public SessionState state() {
        return state;
    }

    public HandshakeException failure() {
        return failure;
    }

    /** 1-RTT protection, available once ClientFinished verified. Before that, 1-RTT packets must be dropped (SR-14). */
    public PacketProtection protection() {
        if (protection == null) {
            throw new IllegalStateException("session not established");
        }
        return protection;
    }

    public boolean hasProtection() {
        return protection != null;
    }

    public ConnectionId localConnectionId() {
        return localCid;
    }

    /** The client's id, for outgoing packets. */
    public ConnectionId remoteConnectionId() {
        return clientScid;
    }

    /** The ClientHello this session answered; null once the handshake state is dropped. */
    public ClientInitial initial() {
        return initial;
    }

    public HandshakeSummary summary() {
        return summary;
    }

    /** The client's transport parameters. */
    public byte[] peerTransportParameters() {
        return peerTransportParameters != null ? peerTransportParameters : handshake.clientTransportParameters();
    }

    public AmplificationLimiter amplification() {
        return amplification;
    }

    public long droppedPackets() {
        return droppedPackets;
    }

    /** How many times the cached flight was re-sent for a retransmitted ClientHello. */
    public long flightResends() {
        return flightResends;
    }

    /** How many times sending waited for the anti-amplification budget. */
    public long amplificationBlocked() {
        return amplificationBlocked;
    }

    // ---- in-band re-handshake (SR-21) ----

    /** Re-handshake bytes of generation {@code generation} from the client. */
    public void handleRehandshakeData(int generation, long offset, byte[] data, long nowNanos) {
        try {
            rehandshaker.onData(generation, offset, data, protection);
        } catch (HandshakeException e) {
            fail(e, false);
        }
    }

    /** Re-handshake bytes to send, or null. Also answers a deferred re-handshake once key phases are in sync. */
    public Rehandshaker.Chunk pollRehandshakeData() {
        if (protection != null) {
            try {
                rehandshaker.retryDeferred(protection);
            } catch (HandshakeException e) {
                fail(e, false);
            }
        }
        return rehandshaker.poll();
    }

    public int rehandshakeGeneration() {
        return rehandshaker.completedGenerations();
    }


    @Override
    public void destroy() {
        if (handshake != null) {
            handshake.destroy();
            handshakeKeys.destroy();
        }
        if (protection != null) {
            protection.destroy();
        }
        rehandshaker.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return (handshakeKeys == null || handshakeKeys.isDestroyed())
                && (protection == null || protection.isDestroyed());
    }

    @Override
    public String toString() {
        return "ServerSession[" + state + ", local=" + localCid + ", client=" + clientScid + "]";
    }
}
