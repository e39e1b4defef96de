package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import javax.security.auth.Destroyable;

/**
 * What a connection needs of its secure session, whichever side it is ({@link ClientSession} or
 * {@link ServerSession}): handshake datagrams in and out, timers, state, 1-RTT packet protection once established,
 * and in-band re-handshake data. Sans-IO and not thread-safe, like both implementations.
 */
public interface SecureSession extends Destroyable {
    /** Whether this is the client side. */
    boolean isClient();

    /** Processes the long-header (Initial, Handshake) packets at the front of a datagram; the caller owns it. */
    void handleDatagram(ByteBuf datagram, long nowNanos);

    /** The next handshake datagram to send, owned by the caller, or null. */
    ByteBuf pollDatagram(ByteBufAllocator alloc);

    long nextTimeoutNanos();

    void handleTimeout(long nowNanos);

    SessionState state();

    /** Why the handshake failed, or null. */
    HandshakeException failure();

    /** Whether 1-RTT keys exist ({@link #protection()} may be used). */
    boolean hasProtection();

    PacketProtection protection();

    ConnectionId localConnectionId();

    ConnectionId remoteConnectionId();

    byte[] peerTransportParameters();

    HandshakeSummary summary();

    /** A 1-RTT packet authenticated: for a client this confirms the handshake. */
    void onOneRttPacketAuthenticated();

    /**
     * The peer acknowledged one of our 1-RTT packets, so it has 1-RTT keys and has authenticated a packet of ours:
     * a server may drop its handshake state.
     */
    default void onPeerAcknowledgedOneRtt() {
    }

    /** Starts an in-band re-handshake if this side may (only clients do); returns whether it started. */
    boolean startRehandshake(long nowNanos);

    void handleRehandshakeData(int generation, long offset, byte[] data, long nowNanos);

    /** The next re-handshake data to send in a REHANDSHAKE frame, or null. */
    Rehandshaker.Chunk pollRehandshakeData();

    @Override
    void destroy();
}
