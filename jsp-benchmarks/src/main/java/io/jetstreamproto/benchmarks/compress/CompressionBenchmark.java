package io.jetstreamproto.benchmarks.compress;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.endpoint.DatagramEndpoint;
import io.jetstreamproto.core.internal.endpoint.ConnectionIdLayout;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The whole sending and receiving stack for one message — compression decision and LZ4, fragmentation, AEAD seal,
 * AEAD open, reassembly, decompression, ACKs — between two in-memory engines (no sockets), with LZ4 off or on, for
 * incompressible (random) and compressible (chat-like JSON) messages. The issue 5 bound: on incompressible data,
 * "on" may cost at most 5 % against "off".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompressionBenchmark {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.1", 40000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("10.0.0.2", 4433);

    @Param({"random", "text"})
    public String data;

    @Param({"off", "on"})
    public String compression;

    @Param({"16384"})
    public int size;

    private ConnectionEngine client;
    private DatagramEndpoint server;
    private EndpointConnection serverSide;
    private long stream;
    private byte[][] messages;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        // A large initial window and prompt ACKs keep the loop CPU-bound: no waits on ACK-delay timers
        ConnectionConfig config = ConnectionConfig.builder().compression(compression.equals("on"))
                .initialCongestionWindowPackets(1000).ackBatchSize(2).build();
        RandomSource random = RandomSource.of(new SecureRandom());
        ServerIdentity identity = ServerIdentity.generate(random, false);
        server = DatagramEndpoint.server(config, new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                SuitePreference.hardwareDefault(), List.of(identity), PskStore.none(), new byte[0]),
                EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER),
                ConnectionIdLayout.single(), random, PooledByteBufAllocator.DEFAULT, System.nanoTime());
        client = ConnectionEngine.client(config,
                ClientSessionConfig.defaults(ServerTrust.pinned(identity.publicKeys()), "bench"), SERVER, random,
                PooledByteBufAllocator.DEFAULT, System.nanoTime());
        for (int i = 0; i < 1000 && (client.state() != ConnectionEngine.State.OPEN || serverSide == null
                || serverSide.engine().state() != ConnectionEngine.State.OPEN); i++) {
            pump();
            serverSide = server.connections().isEmpty() ? null : server.connections().get(0);
        }
        if (client.state() != ConnectionEngine.State.OPEN) {
            throw new IllegalStateException("handshake did not complete");
        }
        stream = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
        Random r = new Random(1);
        messages = new byte[64][];
        for (int i = 0; i < messages.length; i++) {
            if (data.equals("random")) {
                messages[i] = new byte[size];
                r.nextBytes(messages[i]);
            } else {
                StringBuilder b = new StringBuilder();
                while (b.length() < size) {
                    b.append("{\"user\":\"user").append(r.nextInt(50)).append("\",\"room\":\"general\",\"text\":\"")
                            .append("message ").append(r.nextInt(100000)).append(" about the weather today\"}\n");
                }
                messages[i] = b.substring(0, size).getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private void pump() {
        long now = System.nanoTime();
        if (client.nextTimeoutNanos() <= now) {
            client.handleTimeout(now);
        }
        if (server.nextTimeoutNanos() <= now) {
            server.handleTimeout(now);
        }
        for (ByteBuf d = client.pollTransmit(now); d != null; d = client.pollTransmit(now)) {
            try {
                server.handleDatagram(d, CLIENT, now);
            } finally {
                d.release();
            }
        }
        server.runHandshakesInline(now);
        for (ByteBuf d = server.pollTransmit(now); d != null; d = server.pollTransmit(now)) {
            try {
                client.handleDatagram(d, SERVER, now);
            } finally {
                d.release();
            }
        }
        while (server.pollTouched() != null) {
            // the engines keep their events; the benchmark polls messages itself
        }
    }

    /** Sends one message and runs both engines until it is delivered; returns its length (against dead code). */
    @Benchmark
    public int sendAndDeliverOneMessage() {
        byte[] m = messages[next++ & (messages.length - 1)];
        if (!client.send(stream, Unpooled.wrappedBuffer(m), System.nanoTime())) {
            throw new IllegalStateException("send buffer full");
        }
        for (int spins = 0; spins < 100_000; spins++) {
            pump();
            ReceivedMessage r = serverSide.engine().pollMessage();
            if (r != null) {
                int n = r.data().readableBytes();
                r.data().release();
                return n;
            }
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
