package io.jetstreamproto.benchmarks.fec;

import com.backblaze.erasure.CodingLoop;
import com.backblaze.erasure.ReedSolomon;
import io.jetstreamproto.fec.internal.ErasureCode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The comparisons of {@link CodingLoopBenchmark} and {@link ErasureCodeBenchmark} in thread CPU time, interleaved:
 * every candidate runs a slice of {@code --slice-ms} CPU milliseconds in turn, round after round, and the report gives
 * each one's median time per call and, for before/after, the median of the paired per-round ratios. On a shared
 * machine (load 10+ on 2 cores) wall-clock JMH scores swing by 2x between runs; CPU time excludes the time the thread
 * waits for a core, and interleaving gives every candidate the same cache and frequency conditions.
 */
@Command(name = "coder-cpu-time", mixinStandardHelpOptions = true,
        description = "Reed-Solomon coding loops and coders compared in interleaved thread CPU time.")
public final class CoderCpuTime implements Callable<Integer> {
    @Option(names = "--shapes", split = ",", defaultValue = "10:2,10:4,20:10", description = "k:m shapes.")
    List<String> shapes;

    @Option(names = "--size", defaultValue = "1250", description = "Shard size in bytes (${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rounds", defaultValue = "30", description = "Measured rounds (${DEFAULT-VALUE}, 5 more warm up).")
    int rounds;

    @Option(names = "--slice-ms", defaultValue = "40", description = "CPU ms per candidate per round.")
    int sliceMs;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoderCpuTime()).execute(args));
    }

    @Override
    public Integer call() {
        for (String shape : shapes) {
            String[] km = shape.split(":");
            int k = Integer.parseInt(km[0]);
            int m = Integer.parseInt(km[1]);
            byte[][] shards = ErasureCodeBenchmark.randomShards(k + m, size, new Random(1));
            boolean[] present = new boolean[k + m];
            Arrays.fill(present, true);
            for (int i = 0; i < Math.min(m, 2); i++) {
                present[i * 3] = false;
            }

            CodingLoop[] loops = CodingLoop.ALL_CODING_LOOPS;
            List<String> names = new ArrayList<>();
            List<Runnable> runs = new ArrayList<>();
            for (CodingLoop loop : loops) {
                ReedSolomon rs = new ReedSolomon(k, m, loop);
                names.add(loop.getClass().getSimpleName().replace("CodingLoop", ""));
                runs.add(() -> rs.encodeParity(shards, 0, size));
            }
            System.out.printf(Locale.ROOT, "%s, %d-byte shards: Backblaze's coding loops, encode%n", shape, size);
            report(names, measure(runs), -1);

            ErasureCode before = new ErasureCodeBenchmark.KcpFecCode(k, m);
            ErasureCode after = ErasureCode.reedSolomon(k, m);
            System.out.printf(Locale.ROOT, "%s, %d-byte shards: kcp-fec 1.6 (before) vs vendored (after)%n", shape, size);
            report(List.of("encode kcp-fec", "encode vendored"), measure(List.of(
                    () -> before.encodeParity(shards, 0, size), () -> after.encodeParity(shards, 0, size))), 0);
            report(List.of("decode kcp-fec", "decode vendored"), measure(List.of(
                    () -> before.reconstruct(shards, present, 0, size),
                    () -> after.reconstruct(shards, present, 0, size))), 0);
        }
        return 0;
    }

    /** Per candidate, the CPU nanoseconds per call of each measured round. */
    private List<List<Double>> measure(List<Runnable> runs) {
        List<List<Double>> t = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            t.add(new ArrayList<>());
        }
        long slice = sliceMs * 1_000_000L;
        for (int round = 0; round < rounds + 5; round++) {
            for (int j = 0; j < runs.size(); j++) {
                int i = (j + round) % runs.size(); // rotate the order so that no candidate always goes first
                Runnable r = runs.get(i);
                long start = mx.getCurrentThreadCpuTime();
                long n = 0;
                long now;
                do {
                    r.run();
                    n++;
                    now = mx.getCurrentThreadCpuTime();
                } while (now - start < slice);
                if (round >= 5) {
                    t.get(i).add((now - start) / (double) n);
                }
            }
        }
        return t;
    }

    private static void report(List<String> names, List<List<Double>> t, int baseline) {
        Integer[] order = new Integer[names.size()];
        double[] median = new double[names.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            median[i] = percentile(t.get(i), 50);
        }
        if (baseline < 0) {
            Arrays.sort(order, (a, b) -> Double.compare(median[a], median[b]));
        }
        for (int i : order) {
            String ratio = "";
            if (baseline >= 0 && i != baseline) {
                List<Double> r = new ArrayList<>();
                for (int round = 0; round < t.get(i).size(); round++) {
                    r.add(t.get(i).get(round) / t.get(baseline).get(round));
                }
                ratio = String.format(Locale.ROOT, "  after/before %.3f (p25 %.3f, p75 %.3f)", percentile(r, 50),
                        percentile(r, 25), percentile(r, 75));
            }
            System.out.printf(Locale.ROOT, "  %-22s %9.0f ns (p25 %.0f, p75 %.0f)%s%n", names.get(i), median[i],
                    percentile(t.get(i), 25), percentile(t.get(i), 75), ratio);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, s.size() * p / 100));
    }
}
