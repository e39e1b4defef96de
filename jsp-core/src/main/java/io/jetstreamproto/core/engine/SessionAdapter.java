package io.jetstreamproto.core.engine;

import io.jetstreamproto.crypto.handshake.HandshakeException;
import io.jetstreamproto.crypto.packet.ConnectionId;
import io.jetstreamproto.crypto.record.PacketProtection;
import io.jetstreamproto.crypto.session.ClientSession;
import io.jetstreamproto.crypto.session.HandshakeSummary;
import io.jetstreamproto.crypto.session.Rehandshaker;
import io.jetstreamproto.crypto.session.ServerSession;
import io.jetstreamproto.crypto.session.SessionState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The engine's view of a secure session, the same for both roles (a thin adapter, no logic of its own). */
interface SessionAdapter {
    boolean isClient();

    void handleLongHeaderPackets(ByteBuf datagram, long nowNanos);

    ByteBuf pollHandshakeDatagram(ByteBufAllocator alloc);

    long nextTimeoutNanos();

    void handleTimeout(long nowNanos);

    SessionState state();

    HandshakeException failure();

    boolean hasProtection();

    PacketProtection protection();

    ConnectionId localConnectionId();

    ConnectionId remoteConnectionId();

    byte[] peerTransportParameters();

    HandshakeSummary summary();

    void onOneRttPacketAuthenticated();

    boolean startRehandshake(long nowNanos);

    void handleRehandshakeData(int generation, long offset, byte[] data, long nowNanos);

    Rehandshaker.Chunk pollRehandshakeData();

    void destroy();

    static SessionAdapter of(ClientSession s) {
        return new SessionAdapter() {
            @Override
            public boolean isClient() {
                return true;
            }

            @Override
            public void handleLongHeaderPackets(ByteBuf d, long now) {
                s.handleDatagram(d, now);
            }

            @Override
            public ByteBuf pollHandshakeDatagram(ByteBufAllocator alloc) {
                return s.pollDatagram(alloc);
            }

            @Override
            public long nextTimeoutNanos() {
                return s.nextTimeoutNanos();
            }

            @Override
            public void handleTimeout(long now) {
                s.handleTimeout(now);
            }

            @Override
            public SessionState state() {
                return s.state();
            }

            @Override
            public HandshakeException failure() {
                return s.failure();
            }

            @Override
            public boolean hasProtection() {
                return s.state() == SessionState.ESTABLISHED || s.state() == SessionState.CONFIRMED;
            }

            @Override
            public PacketProtection protection() {
                return s.protection();
            }

            @Override
            public ConnectionId localConnectionId() {
                return s.localConnectionId();
            }

            @Override
            public ConnectionId remoteConnectionId() {
                return s.remoteConnectionId();
            }

            @Override
            public byte[] peerTransportParameters() {
                return s.peerTransportParameters();
            }

            @Override
            public HandshakeSummary summary() {
                return s.summary();
            }

            @Override
            public void onOneRttPacketAuthenticated() {
                s.onOneRttPacketAuthenticated();
            }

            @Override
            public boolean startRehandshake(long now) {
                return s.startRehandshake(now);
            }

            @Override
            public void handleRehandshakeData(int generation, long offset, byte[] data, long now) {
                s.handleRehandshakeData(generation, offset, data, now);
            }

            @Override
            public Rehandshaker.Chunk pollRehandshakeData() {
                return s.pollRehandshakeData();
            }

            @Override
            public void destroy() {
                s.destroy();
            }
        };
    }

    static SessionAdapter of(ServerSession s) {
        return new SessionAdapter() {
            @Override
            public boolean isClient() {
                return false;
            }

            @Override
            public void handleLongHeaderPackets(ByteBuf d, long now) {
                s.handleDatagram(d, now);
            }

            @Override
            public ByteBuf pollHandshakeDatagram(ByteBufAllocator alloc) {
                return s.pollDatagram(alloc);
            }

            @Override
            public long nextTimeoutNanos() {
                return s.nextTimeoutNanos();
            }

            @Override
            public void handleTimeout(long now) {
                s.handleTimeout(now);
            }

            @Override
            public SessionState state() {
                return s.state();
            }

            @Override
            public HandshakeException failure() {
                return s.failure();
            }

            @Override
            public boolean hasProtection() {
                return s.hasProtection();
            }

            @Override
            public PacketProtection protection() {
                return s.protection();
            }

            @Override
            public ConnectionId localConnectionId() {
                return s.localConnectionId();
            }

            @Override
            public ConnectionId remoteConnectionId() {
                return s.remoteConnectionId();
            }

            @Override
            public byte[] peerTransportParameters() {
                return s.peerTransportParameters();
            }

            @Override
            public HandshakeSummary summary() {
                return s.summary();
            }

            @Override
            public void onOneRttPacketAuthenticated() {
                // the server's handshake is confirmed by ClientFinished
            }

            @Override
            public boolean startRehandshake(long now) {
                return false; // only clients start re-handshakes
            }

            @Override
            public void handleRehandshakeData(int generation, long offset, byte[] data, long now) {
                s.handleRehandshakeData(generation, offset, data, now);
            }

            @Override
            public Rehandshaker.Chunk pollRehandshakeData() {
                return s.pollRehandshakeData();
            }

            @Override
            public void destroy() {
                s.destroy();
            }
        };
    }
}
