package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.fec.internal.FecDecoder;
import io.jetstreamproto.fec.internal.FecEncoder;
import io.jetstreamproto.fec.internal.RecoveredPacket;
import io.jetstreamproto.fec.internal.RepairPacket;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * FEC on one 10:2 group of 1200-byte sealed packets. {@code encodeGroup}: the sender's encoder takes 10 packets and
 * yields 2 repair packets. {@code decodeGroupWithOneLoss}: the receiver's decoder gets 9 of the 10 and one repair,
 * and rebuilds the missing one. Per operation = per group (divide by 10 for per packet).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class FecBenchmark {
    private static final int K = 10;
    private static final int M = 2;

    private FecEncoder encoder;
    private FecDecoder decoder;
    private ByteBuf[] packets;
    private ByteBuf[] repairs;
    private long pn;
    private long now = 1_000_000_000L;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = new FecEncoder(K, M, 50_000_000L, PooledByteBufAllocator.DEFAULT);
        decoder = new FecDecoder(PooledByteBufAllocator.DEFAULT);
        packets = new ByteBuf[K];
        for (int i = 0; i < K; i++) {
            packets[i] = PooledByteBufAllocator.DEFAULT.heapBuffer(1200);
            for (int b = 0; b < 1200; b++) {
                packets[i].writeByte(b * 7 + i);
            }
        }
        repairs = new ByteBuf[M];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf p : packets) {
            p.release();
        }
        encoder.close();
        decoder.close();
    }

    @Benchmark
    public int encodeGroup() {
        int n = 0;
        for (int i = 0; i < K; i++) {
            encoder.onPacketSent(pn++, packets[i], now);
        }
        for (RepairPacket r = encoder.pollRepair(); r != null; r = encoder.pollRepair()) {
            n += r.encodedLength();
            r.release();
        }
        return n;
    }

    @Benchmark
    public int decodeGroupWithOneLoss() {
        long first = pn;
        for (int i = 0; i < K; i++) {
            encoder.onPacketSent(pn++, packets[i], now);
        }
        int m = 0;
        for (RepairPacket r = encoder.pollRepair(); r != null; r = encoder.pollRepair()) {
            ByteBuf payload = PooledByteBufAllocator.DEFAULT.heapBuffer(r.encodedLength());
            r.writeTo(payload);
            r.release();
            repairs[m++] = payload;
        }
        for (int i = 1; i < K; i++) { // packet 0 is lost
            decoder.onPacketReceived(first + i, packets[i], now);
        }
        decoder.onRepairPacket(repairs[0], now);
        int rebuilt = 0;
        for (RecoveredPacket r = decoder.pollRecovered(); r != null; r = decoder.pollRecovered()) {
            rebuilt += r.packet().readableBytes();
            r.release();
        }
        for (int i = 0; i < m; i++) {
            repairs[i].release();
        }
        now += 1_000_000L;
        return rebuilt;
    }
}
