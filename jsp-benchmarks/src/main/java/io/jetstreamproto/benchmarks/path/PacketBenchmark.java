package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * A whole packet built and parsed: the client engine queues a message that fills one datagram, builds and seals the
 * packet ({@code pollTransmit}), the server engine opens, parses and applies it and delivers the message; every
 * second packet the server's ACK packet goes back and is processed (as {@code ackBatchSize} 2 makes it). Per
 * operation: one data packet each way through the whole engine, plus half an ACK packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class PacketBenchmark {
    static final java.net.InetSocketAddress SERVER_ADDRESS = new java.net.InetSocketAddress("10.0.0.2", 4433);
    @Param({"1100"})
    public int message;

    private EnginePair pair;
    private long stream;
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() {
        pair = EnginePair.open(ConnectionConfig.builder().initialCongestionWindowPackets(1000).build());
        stream = pair.client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
        payload = new byte[message];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.client.abort(CloseReason.NORMAL, "done");
        pair.server.abort(CloseReason.NORMAL, "done");
    }

    @Benchmark
    public int buildAndParseOnePacket() {
        long now = pair.tick();
        if (!pair.client.send(stream, Unpooled.wrappedBuffer(payload), now)) {
            throw new IllegalStateException("send refused");
        }
        int n = 0;
        for (ByteBuf d = pair.client.pollTransmit(now); d != null; d = pair.client.pollTransmit(now)) {
            try {
                pair.server.handleDatagram(d, EnginePair.CLIENT_ADDRESS, now);
            } finally {
                d.release();
            }
        }
        for (ReceivedMessage m = pair.server.pollMessage(); m != null; m = pair.server.pollMessage()) {
            n += m.data().readableBytes();
            m.data().release();
        }
        pair.pumpServerToClient(now);
        return n;
    }
}
