package io.jetstreamproto.benchmarks.fec;

import com.backblaze.erasure.CodingLoop;
import com.backblaze.erasure.ReedSolomon;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The twelve coding loops Backblaze's JavaReedSolomon ships (three nested loops, byte / input shard / output shard,
 * in every order, each with the multiplication table or the log/exp tables), encoding parity for JSP's shard sizes:
 * packet-sized shards (a sealed datagram plus 2 bytes) in groups of 10 with 2 or 4 parity, and 20 with 10. Backblaze
 * chose its default for 200 KB shards; this picks the loop vendored into jsp-fec ({@code fec.internal.rs}).
 * The loops come from the kcp-fec jar (Backblaze's sources, unchanged in these classes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodingLoopBenchmark {
    @Param({"ByteInputOutputExp", "ByteInputOutputTable", "ByteOutputInputExp", "ByteOutputInputTable",
        "InputByteOutputExp", "InputByteOutputTable", "InputOutputByteExp", "InputOutputByteTable",
        "OutputByteInputExp", "OutputByteInputTable", "OutputInputByteExp", "OutputInputByteTable"})
    public String loop;

    @Param({"10:2", "20:10"})
    public String shape;

    @Param({"1250"})
    public int shardSize;

    private ReedSolomon coder;
    private byte[][] shards;

    @Setup
    public void setup() {
        String[] km = shape.split(":");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        CodingLoop chosen = null;
        for (CodingLoop l : CodingLoop.ALL_CODING_LOOPS) {
            if (l.getClass().getSimpleName().equals(loop + "CodingLoop")) {
                chosen = l;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException("no coding loop " + loop);
        }
        coder = new ReedSolomon(k, m, chosen);
        shards = ErasureCodeBenchmark.randomShards(k + m, shardSize, new Random(1));
    }

    /** One group's parity per call. */
    @Benchmark
    public byte[] encode() {
        coder.encodeParity(shards, 0, shardSize);
        return shards[shards.length - 1];
    }
}
