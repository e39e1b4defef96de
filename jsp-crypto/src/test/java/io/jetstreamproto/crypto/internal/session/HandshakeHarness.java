package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.token.RetryTokens;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Drives a {@link ClientSession} against a server side (an {@link InitialPacketGate} plus at most one
 * {@link ServerSession}) over a simulated link with a virtual clock. Interceptors see every datagram as a byte
 * array and may drop (return empty), duplicate, reorder or tamper with it. Deterministic: all randomness comes from
 * seeded sources.
 */
final class HandshakeHarness {
    static final byte[] CLIENT_IP = {10, 0, 0, 1};
    static final int CLIENT_PORT = 40000;

    final RandomSource random;
    final ServerSessionConfig serverConfig;
    final ClientSessionConfig clientConfig;
    final InitialPacketGate gate;
    final RetryTokens tokens;
    ClientSession client;
    ServerSession server;
    long now = 1_000_000_000L;
    boolean requireRetry;
    UnaryOperator<List<byte[]>> toServer = l -> l;
    UnaryOperator<List<byte[]>> toClient = l -> l;
    final List<byte[]> clientSent = new ArrayList<>();
    final List<byte[]> serverSent = new ArrayList<>();
    final List<String> serverFailures = new ArrayList<>();
    int serverAccepts;
    int serverDuplicates;

    HandshakeHarness(long seed, ServerSessionConfig serverConfig, ClientSessionConfig clientConfig) {
        this.random = RandomSource.deterministicForTesting(seed);
        this.serverConfig = serverConfig;
        this.clientConfig = clientConfig;
        this.tokens = RetryTokens.withDefaults(random, now);
        this.gate = new InitialPacketGate(InitialPacketGate.Config.defaults(serverConfig.handshake().supportedVersions()),
                tokens, random);
    }

    static ServerHandshakeParams serverParams(ServerIdentity identity) {
        return new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                List.of(CipherSuite.AES_256_GCM_SHA256, CipherSuite.CHACHA20_POLY1305_SHA256), List.of(identity),
                PskStore.none(), new byte[] {1, 2, 3});
    }

    static HandshakeHarness standard(long seed) {
        RandomSource r = RandomSource.deterministicForTesting(seed ^ 0x5EED);
        ServerIdentity id = ServerIdentity.generate(r, false);
        return new HandshakeHarness(seed, ServerSessionConfig.defaults(serverParams(id)),
                ClientSessionConfig.defaults(ServerTrust.pinned(id.publicKeys()), "server.test:4433"));
    }

    HandshakeHarness start() {
        client = ClientSession.start(clientConfig, random, now);
        return this;
    }

    /** Runs until both sides are confirmed, one fails, or {@code maxSteps} rounds pass. */
    HandshakeHarness run(int maxSteps) {
        for (int step = 0; step < maxSteps; step++) {
            boolean moved = exchange();
            if (done()) {
                return this;
            }
            if (!moved) {
                long next = Math.min(client.nextTimeoutNanos(), server == null ? Long.MAX_VALUE : server.nextTimeoutNanos());
                next = Math.min(next, gate.nextTimeoutNanos());
                if (next == Long.MAX_VALUE) {
                    return this;
                }
                now = Math.max(now, next);
                client.handleTimeout(now);
                if (server != null) {
                    server.handleTimeout(now);
                }
                gate.onTimeout(now);
            }
        }
        return this;
    }

    /** Runs until {@code condition} holds (checked after every round), or {@code maxSteps} rounds pass. */
    HandshakeHarness runUntil(java.util.function.BooleanSupplier condition, int maxSteps) {
        for (int step = 0; step < maxSteps && !condition.getAsBoolean(); step++) {
            run(1);
        }
        return this;
    }

    HandshakeHarness run() {
        return run(200);
    }

    boolean done() {
        boolean clientDone = client.state() == SessionState.CONFIRMED || client.state() == SessionState.FAILED;
        boolean serverDone = server != null
                && (server.state() == SessionState.CONFIRMED || server.state() == SessionState.FAILED);
        return clientDone && (serverDone || client.state() == SessionState.FAILED)
                && !client.hasPendingDatagrams() && (server == null || !server.hasPendingDatagrams());
    }

    /** One round: everything pending flows once in each direction. Returns whether anything was sent. */
    boolean exchange() {
        List<byte[]> c2s = drainClient();
        clientSent.addAll(c2s);
        for (byte[] d : toServer.apply(c2s)) {
            deliverToServer(d);
        }
        List<byte[]> s2c = drainServer();
        serverSent.addAll(s2c);
        for (byte[] d : toClient.apply(s2c)) {
            deliverToClient(d);
        }
        return !c2s.isEmpty() || !s2c.isEmpty();
    }

    List<byte[]> drainClient() {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf b = client.pollDatagram(UnpooledByteBufAllocator.DEFAULT); b != null;
                b = client.pollDatagram(UnpooledByteBufAllocator.DEFAULT)) {
            out.add(bytes(b));
        }
        return out;
    }

    List<byte[]> drainServer() {
        List<byte[]> out = new ArrayList<>(pendingReplies);
        pendingReplies.clear();
        if (server != null) {
            for (ByteBuf b = server.pollDatagram(UnpooledByteBufAllocator.DEFAULT); b != null;
                    b = server.pollDatagram(UnpooledByteBufAllocator.DEFAULT)) {
                out.add(bytes(b));
            }
        }
        return out;
    }

    private final List<byte[]> pendingReplies = new ArrayList<>();
    private ClientInitial serverInitial;

    void deliverToServer(byte[] datagram) {
        ByteBuf b = Unpooled.wrappedBuffer(datagram.clone());
        try {
            if (server != null && server.state() != SessionState.FAILED && routesToServerSession(b)) {
                server.handleDatagram(b, now);
                return;
            }
            if (!PacketCodec.isLongHeader(b)) {
                return; // 1-RTT for no connection
            }
            InitialPacketGate.Decision d = gate.onDatagram(b, CLIENT_IP, CLIENT_PORT, requireRetry, now);
            if (d instanceof InitialPacketGate.Reply r) {
                pendingReplies.add(r.datagram());
            } else if (d instanceof InitialPacketGate.Accept a) {
                ClientInitial init = a.initial();
                if (serverInitial != null && init.originalDcid().equals(serverInitial.originalDcid())) {
                    serverDuplicates++; // the same ClientHello again (e.g. after a Retry): an endpoint drops it
                    return;
                }
                ConnectionId cid = init.retryScid() != null ? init.retryScid() : ConnectionId.random(random);
                try {
                    server = ServerSession.accept(serverConfig, init, cid, random, now);
                    serverInitial = init;
                    serverAccepts++;
                } catch (io.jetstreamproto.crypto.internal.handshake.HandshakeException e) {
                    serverFailures.add(e.error().name());
                }
            }
        } finally {
            b.release();
        }
    }

    private boolean routesToServerSession(ByteBuf b) {
        ConnectionId dcid = PacketCodec.peekDestinationConnectionId(b);
        // the ids of the ClientHello it answered, as an endpoint keeps them (the session drops its copy when confirmed)
        return dcid.equals(server.localConnectionId()) || dcid.equals(serverInitial.dcid())
                || dcid.equals(serverInitial.originalDcid());
    }

    void deliverToClient(byte[] datagram) {
        ByteBuf b = Unpooled.wrappedBuffer(datagram.clone());
        try {
            client.handleDatagram(b, now);
        } finally {
            b.release();
        }
    }

    static byte[] bytes(ByteBuf b) {
        try {
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }
}
