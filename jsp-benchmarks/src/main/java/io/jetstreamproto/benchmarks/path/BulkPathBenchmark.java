package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.endpoint.DatagramEndpoint;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole bulk path between two in-memory engines, no sockets: a client sends {@code size}-byte messages on one
 * RELIABLE stream (the default configuration, plus a large initial window so that the loop stays CPU-bound), a
 * server endpoint receives, reassembles, acknowledges; both sides seal and open every packet. One operation is one
 * message sent and delivered, on a virtual clock (timers fire when the loop has nothing else to do, so no operation
 * waits for real time). With {@code -prof gc}, {@code gc.alloc.rate.norm / size} is the bytes allocated per payload
 * byte on the whole path, both engines together (issue 13's target: at most 0.05).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class BulkPathBenchmark {
    static final java.net.InetSocketAddress SERVER_ADDRESS = new java.net.InetSocketAddress("10.0.0.2", 4433);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.1", 40000);

    @Param({"65536"})
    public int size;

    @Param({"AES_256_GCM_SHA256"})
    public CipherSuite suite;

    private ConnectionEngine client;
    private DatagramEndpoint server;
    private EndpointConnection serverSide;
    private long stream;
    private byte[] message;
    private long now = 1_000_000_000L;

    /** Datagrams (both directions) and messages: their ratio is the datagrams per operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Packets {
        public long datagrams;
        public long messages;
    }

    @Setup(Level.Trial)
    public void setUp() {
        ConnectionConfig config = ConnectionConfig.builder().initialCongestionWindowPackets(1000)
                .cipherSuites(List.of(suite)).build();
        RandomSource random = RandomSource.of(new SecureRandom());
        ServerIdentity identity = ServerIdentity.generate(random, false);
        server = DatagramEndpoint.server(config, new ServerHandshakeParams(List.of(ProtocolVersion.V1), List.of(suite),
                List.of(identity), PskStore.none(), new byte[0]),
                EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER), io.jetstreamproto.core.internal.endpoint.ConnectionIdLayout.single(), random,
                PooledByteBufAllocator.DEFAULT, now);
        client = ConnectionEngine.client(config,
                ClientSessionConfig.defaults(ServerTrust.pinned(identity.publicKeys()), "bench"), SERVER_ADDRESS, random,
                PooledByteBufAllocator.DEFAULT, now);
        for (int i = 0; i < 10_000 && (client.state() != ConnectionEngine.State.OPEN || serverSide == null
                || serverSide.engine().state() != ConnectionEngine.State.OPEN); i++) {
            pump(null);
            serverSide = server.connections().isEmpty() ? null : server.connections().get(0);
        }
        if (client.state() != ConnectionEngine.State.OPEN) {
            throw new IllegalStateException("handshake did not complete");
        }
        stream = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
        message = new byte[size];
        new Random(1).nextBytes(message);
    }

    /** One round: due timers, then every datagram each way. Returns whether anything moved. */
    private boolean pump(Packets count) {
        if (client.nextTimeoutNanos() <= now) {
            client.handleTimeout(now);
        }
        if (server.nextTimeoutNanos() <= now) {
            server.handleTimeout(now);
        }
        boolean moved = false;
        for (ByteBuf d = client.pollTransmit(now); d != null; d = client.pollTransmit(now)) {
            moved = true;
            try {
                server.handleDatagram(d, CLIENT, now);
            } finally {
                d.release();
            }
            if (count != null) {
                count.datagrams++;
            }
        }
        server.runHandshakesInline(now);
        for (ByteBuf od = server.pollTransmit(now); od != null; od = server.pollTransmit(now)) {
            moved = true;
            try {
                client.handleDatagram(od, SERVER_ADDRESS, now);
            } finally {
                od.release();
            }
            if (count != null) {
                count.datagrams++;
            }
        }
        while (client.pollEvent() != null) {
            // drained
        }
        if (serverSide != null) {
            while (serverSide.engine().pollEvent() != null) {
                // drained
            }
        }
        return moved;
    }

    /** Moves the virtual clock: a little per round, or to the next timer when nothing moved. */
    private void advance(boolean moved) {
        if (moved) {
            now += 10_000L;
            return;
        }
        long next = Math.min(client.nextTimeoutNanos(), server.nextTimeoutNanos());
        now = next == Long.MAX_VALUE ? now + 1_000_000L : Math.max(now + 1_000L, next);
    }

    /** Sends one message and runs both engines until it is delivered; returns its length (against dead code). */
    @Benchmark
    public int sendAndDeliverOneMessage(Packets count) {
        if (!client.send(stream, Unpooled.wrappedBuffer(message), now)) {
            throw new IllegalStateException("send buffer full");
        }
        for (int spins = 0; spins < 1_000_000; spins++) {
            boolean moved = pump(count);
            ReceivedMessage r = serverSide.engine().pollMessage();
            if (r != null) {
                int n = r.data().readableBytes();
                r.data().release();
                count.messages++;
                return n;
            }
            advance(moved);
        }
        throw new IllegalStateException("message not delivered");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.abort(CloseReason.NORMAL, "benchmark over");
        for (EndpointConnection c : server.connections()) {
            c.engine().abort(CloseReason.NORMAL, "benchmark over");
        }
    }
}
