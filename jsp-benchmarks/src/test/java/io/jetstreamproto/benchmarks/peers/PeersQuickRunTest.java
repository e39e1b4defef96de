package io.jetstreamproto.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.benchmarks.report.Result;
import io.jetstreamproto.benchmarks.report.Results;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke test of the peer harness: runs {@code peers --quick} (and a one-cell lossy matrix) in a child JVM, as
 * {@code peers.sh} would, and checks that the JSON has every system × workload it supports with sane values, and
 * that the document and charts were written. No timing assertion: the values only have to be plausible.
 */
class PeersQuickRunTest {
    private static final Path OUT = Path.of("target", "peers-smoke");

    private static String run(String main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("--add-opens");
        cmd.add("java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.add("-Dio.netty.leakDetection.level=paranoid");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(main);
        cmd.addAll(List.of(args));
        Files.createDirectories(OUT);
        File log = OUT.resolve(main.substring(main.lastIndexOf('.') + 1) + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) { // a hang, not a slow run: the quick run takes about 3 minutes
            p.destroyForcibly();
            throw new AssertionError("harness did not finish; see " + log);
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertNoLeakOfOurs(output);
        return output;
    }

    /**
     * Paranoid leak detection in the child: no buffer may leak, except java-Kcp's own (its FEC encoder and its close
     * path leak buffers it allocated itself; the records name its {@code kcp.} classes).
     */
    private static void assertNoLeakOfOurs(String output) {
        int i = 0;
        while ((i = output.indexOf("LEAK:", i)) >= 0) {
            int end = output.indexOf("LEAK:", i + 5);
            String record = output.substring(i, end < 0 ? output.length() : end);
            if (!record.contains("kcp.Kcp") && !record.contains("com.backblaze.erasure")) {
                throw new AssertionError("a ByteBuf leak in the harness, JSP or a peer:\n" + record);
            }
            i += 5;
        }
    }

    @Test
    void quickRunCoversEverySystemAndWorkload() throws Exception {
        Path doc = OUT.resolve("BENCHMARKS-peers.md");
        Files.deleteIfExists(doc);
        run(PeersMain.class.getName(), "--quick", "--out", OUT.toString(), "--doc", doc.toString());
        String tag = "java" + Runtime.version().feature() + "-quick";
        List<Result> results = Results.readResults(OUT.resolve("peers-" + tag + ".json"));
        Map<String, Object> env = Results.readMap(OUT.resolve("peers-" + tag + "-environment.json"));
        assertThat((List<?>) env.get("failures")).as("measurements that failed").isEmpty();
        assertThat(env).containsKeys("cores", "cpu", "kernel", "jdk", "commit");

        Settings settings = Settings.quick();
        int pairs = 0;
        for (Supplier<PeerSystem> supplier : Systems.all()) {
            try (PeerSystem system = supplier.get()) {
                double bestGoodput = 0;
                for (Workload w : PeersMain.workloads(settings)) {
                    if (system.supports().contains(w.kind())) {
                        checkSane(results, system.name(), w);
                        pairs++;
                        for (String g : List.of("goodput", "aggregate_goodput")) {
                            for (Result r : results) {
                                if (r.system().equals(system.name()) && r.workload().equals(w.name())
                                        && r.metric().equals(g)) {
                                    bestGoodput = Math.max(bestGoodput, r.value());
                                }
                            }
                        }
                    } else {
                        assertThat(results).noneMatch(r -> r.system().equals(system.name())
                                && r.workload().equals(w.name()));
                    }
                }
                // one window of a second may deliver nothing on a loaded machine; a system that never does is broken
                assertThat(bestGoodput).as(system.name() + " delivered nothing in any workload").isPositive();
            }
        }
        assertThat(pairs).isGreaterThan(40);
        for (Result r : results) {
            assertThat(r.unit()).isNotBlank();
            assertThat(Double.isFinite(r.value())).isTrue();
        }
        String text = Files.readString(doc);
        assertThat(text).contains("BEGIN GENERATED: peers " + tag).contains("END GENERATED: peers " + tag)
                .contains("| JSP/UDP |").contains("| Netty QUIC |").contains("JSP ÷ peer");
        for (String chart : List.of("goodput", "rr", "handshake", "idle", "loss-goodput", "loss-p99")) {
            Path png = OUT.resolve("peers-" + tag + "-" + chart + ".png");
            assertThat(png).exists();
            assertThat(Files.size(png)).isGreaterThan(1000);
            assertThat(text).contains(png.getFileName().toString());
        }
    }

    private static Double value(List<Result> results, String system, String workload, String metric) {
        for (Result r : results) {
            if (r.system().equals(system) && r.workload().equals(workload) && r.metric().equals(metric)) {
                return r.value();
            }
        }
        throw new AssertionError("missing " + system + " × " + workload + " × " + metric);
    }

    private static void checkSane(List<Result> results, String system, Workload w) {
        String n = w.name();
        switch (w.kind()) {
            case BULK -> assertThat(value(results, system, n, "goodput")).as(system + " " + n).isNotNegative();
            case PARALLEL -> {
                assertThat(value(results, system, n, "aggregate_goodput")).as(system + " " + n).isNotNegative();
                assertThat(value(results, system, n, "jain_index")).as(system + " " + n).isBetween(0.0, 1.0001);
                assertThat(value(results, system, n, "min_share")).as(system + " " + n).isBetween(0.0, 1.0001);
            }
            case RR -> {
                double p50 = value(results, system, n, "p50");
                double p99 = value(results, system, n, "p99");
                double p999 = value(results, system, n, "p99.9");
                assertThat(p50).as(system + " " + n).isPositive().isLessThanOrEqualTo(p99);
                assertThat(p99).as(system + " " + n).isLessThanOrEqualTo(p999);
            }
            case HANDSHAKE -> {
                assertThat(value(results, system, n, "p50")).as(system + " " + n).isPositive()
                        .isLessThanOrEqualTo(value(results, system, n, "p99"));
                assertThat(value(results, system, n, "per_server_core")).as(system + " " + n).isPositive();
                assertThat(value(results, system, n, "per_second")).as(system + " " + n).isPositive();
            }
            case IDLE -> {
                assertThat(value(results, system, n, "connections")).as(system + " " + n).isPositive();
                // a few hundred connections: GC noise may be larger than a tiny per-connection figure
                assertThat(Math.abs(value(results, system, n, "heap_per_connection"))).as(system + " " + n)
                        .isLessThan(10_000_000);
            }
            case LOSS -> {
                assertThat(value(results, system, n, "goodput")).as(system + " " + n).isNotNegative();
                assertThat(value(results, system, n, "p99_latency")).as(system + " " + n).isPositive()
                        .isGreaterThanOrEqualTo(value(results, system, n, "p50_latency"));
                assertThat(value(results, system, n, "delivered")).as(system + " " + n).isBetween(1.0, 100.0001);
            }
        }
    }

    @Test
    void oneCellOfTheLossyMatrixAndTheFairnessCheck() throws Exception {
        Path doc = OUT.resolve("BENCHMARKS-lossy.md");
        Files.deleteIfExists(doc);
        String output = run(LossyMain.class.getName(), "--quick", "--rtts", "20", "--losses", "5", "--no-burst",
                "--fec", "adaptive", "--out", OUT.toString(), "--doc", doc.toString());
        String tag = "java" + Runtime.version().feature() + "-quick";
        List<Result> results = Results.readResults(OUT.resolve("lossy-" + tag + ".json"));
        List<String> jsp = new ArrayList<>();
        for (Systems.JspVariant v : Systems.JspVariant.all()) {
            if (v.fec() == Systems.JspVariant.FecMode.ADAPTIVE) {
                jsp.add(v.name());
            }
        }
        for (String s : concat(jsp, List.of("Netty QUIC CUBIC"))) {
            // a second and a half of a lossy path on a loaded machine may deliver nothing: present, not positive
            assertThat(value(results, s, "rtt20ms-loss5%", "goodput")).as(s).isNotNegative();
            assertThat(value(results, s, "rtt20ms-loss5%", "p99_latency")).as(s).isPositive();
        }
        assertThat(value(results, jsp.get(0), "rtt20ms-loss5%", "parity_bytes_per_goodput_byte")).isNotNegative();
        long fairnessPairs = results.stream().filter(r -> r.workload().startsWith("fairness-")
                && r.metric().equals("share")).count();
        assertThat(fairnessPairs).as(output).isGreaterThanOrEqualTo(4); // two flows in each of two pairs at least
        for (Result r : results) {
            if (r.metric().equals("share")) {
                assertThat(r.value()).isBetween(0.0, 1.0);
            }
        }
        assertThat(Files.readString(doc)).contains("BEGIN GENERATED: lossy " + tag).contains("Fairness");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
