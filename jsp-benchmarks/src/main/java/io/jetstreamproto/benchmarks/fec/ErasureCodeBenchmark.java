package io.jetstreamproto.benchmarks.fec;

import com.backblaze.erasure.ReedSolomon;
import io.jetstreamproto.fec.internal.ErasureCode;
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
 * FEC encode and decode through {@link ErasureCode}: one group's parity, and rebuilding lost data shards (as many as
 * there is parity, at most 2: the common case on a lossy path). {@code coder=vendored} is jsp-fec's coder
 * ({@link ErasureCode#reedSolomon}); {@code coder=kcp-fec} is the jar it replaced, called as jsp-fec's adapter called
 * it, so that before and after are measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ErasureCodeBenchmark {
    @Param({"kcp-fec", "vendored"})
    public String coder;

    @Param({"10:2", "10:4", "20:10"})
    public String shape;

    @Param({"1250"})
    public int shardSize;

    private ErasureCode code;
    private byte[][] shards;
    private boolean[] present;

    @Setup
    public void setup() {
        String[] km = shape.split(":");
        int k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        code = switch (coder) {
            case "kcp-fec" -> new KcpFecCode(k, m);
            case "vendored" -> ErasureCode.reedSolomon(k, m);
            default -> throw new IllegalArgumentException(coder);
        };
        shards = randomShards(k + m, shardSize, new Random(1));
        code.encodeParity(shards, 0, shardSize);
        present = new boolean[k + m];
        java.util.Arrays.fill(present, true);
        for (int i = 0; i < Math.min(m, 2); i++) {
            present[i * 3] = false; // spread over the group, as random losses would be
        }
    }

    @Benchmark
    public byte[] encode() {
        code.encodeParity(shards, 0, shardSize);
        return shards[shards.length - 1];
    }

    /** Rebuilds the same missing shards every call (writes the content they already hold). */
    @Benchmark
    public boolean decode() {
        return code.reconstruct(shards, present, 0, shardSize);
    }

    static byte[][] randomShards(int count, int size, Random random) {
        byte[][] s = new byte[count][size];
        for (byte[] shard : s) {
            random.nextBytes(shard);
        }
        return s;
    }

    /** jsp-fec's former adapter over kcp-fec's Backblaze coder (its default coding loop), without the cache. */
    public static final class KcpFecCode implements ErasureCode {
        private final int k;
        private final int m;
        private final ReedSolomon rs;

        public KcpFecCode(int k, int m) {
            this.k = k;
            this.m = m;
            this.rs = ReedSolomon.create(k, m);
        }

        @Override
        public int dataShards() {
            return k;
        }

        @Override
        public int parityShards() {
            return m;
        }

        @Override
        public void encodeParity(byte[][] shards, int offset, int length) {
            check(shards, offset, length);
            rs.encodeParity(shards, offset, length);
        }

        @Override
        public boolean reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
            check(shards, offset, length);
            int count = 0;
            for (boolean p : present) {
                if (p) {
                    count++;
                }
            }
            if (count < k) {
                return false;
            }
            rs.decodeMissing(shards, present, offset, length);
            return true;
        }

        private void check(byte[][] shards, int offset, int length) {
            if (shards.length != k + m || offset < 0 || length < 0) {
                throw new IllegalArgumentException();
            }
            int size = shards[0].length;
            for (byte[] s : shards) {
                if (s == null || s.length != size) {
                    throw new IllegalArgumentException();
                }
            }
            if ((long) offset + length > size) {
                throw new IllegalArgumentException();
            }
        }
    }
}
