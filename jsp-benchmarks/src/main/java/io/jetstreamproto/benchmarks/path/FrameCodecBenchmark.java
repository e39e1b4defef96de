package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.core.internal.frame.AckFrame;
import io.jetstreamproto.core.internal.frame.Frame;
import io.jetstreamproto.core.internal.frame.FrameDecoder;
import io.jetstreamproto.core.internal.frame.FrameSink;
import io.jetstreamproto.core.internal.frame.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frame encode and decode of a bulk packet's payload: one ACK with {@code ackRanges} ranges and one STREAM frame
 * with 1100 bytes of data. {@code encode*} writes them (the packet builder's static encoders); {@code decode*}
 * parses them, with the sink decoder the engine uses (no record or slice per frame, one reused ACK) and with the
 * record decoder (a {@link Frame} per frame, a retained slice per STREAM) for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class FrameCodecBenchmark {
    @Param({"1", "8", "32"})
    public int ackRanges;

    private ByteBuf out;
    private ByteBuf encoded;
    private ByteBuf data;
    private AckFrame ack;
    private final AckFrame reusable = AckFrame.reusable();
    private final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        long[][] r = new long[ackRanges][];
        long pn = 100_000;
        for (int i = 0; i < ackRanges; i++) {
            r[i] = new long[] {pn - 20, pn};
            pn -= 30;
        }
        ack = AckFrame.of(25, r);
        data = PooledByteBufAllocator.DEFAULT.heapBuffer(1100).writeZero(1100);
        out = PooledByteBufAllocator.DEFAULT.heapBuffer(2048);
        encoded = PooledByteBufAllocator.DEFAULT.heapBuffer(2048);
        encode(encoded);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.release();
        out.release();
        encoded.release();
    }

    private void encode(ByteBuf buf) {
        AckFrame.encode(buf, 25, ack);
        Frames.StreamFrame.encode(buf, 4, 1234, 80_000_000L, 65536, 22_000, data, 0, 1100, false);
    }

    @Benchmark
    public int encodeAckAndStream() {
        out.clear();
        encode(out);
        return out.writerIndex();
    }

    @Benchmark
    public long decodeWithSink() {
        encoded.readerIndex(0);
        sink.total = 0;
        FrameDecoder.decodeAll(encoded, sink, reusable);
        return sink.total;
    }

    @Benchmark
    public void decodeToRecords(Blackhole bh) {
        encoded.readerIndex(0);
        FrameDecoder.decodeAll(encoded, f -> {
            bh.consume(f);
            if (f instanceof Frames.StreamFrame s) {
                s.data().release();
            }
        });
    }

    static final class CountingSink implements FrameSink {
        long total;

        @Override
        public void stream(long streamId, long messageId, long messageOffset, long messageLength, long fragmentOffset,
                ByteBuf packet, int dataIndex, int length, boolean compressed) {
            total += length + fragmentOffset;
        }

        @Override
        public void ack(AckFrame a) {
            total += a.rangeCount() + a.largestAcknowledged();
        }

        @Override
        public void frame(Frame f) {
            total++;
        }
    }
}
