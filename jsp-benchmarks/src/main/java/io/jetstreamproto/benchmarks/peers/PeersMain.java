package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.benchmarks.netem.LinkModel;
import io.jetstreamproto.benchmarks.report.Machine;
import io.jetstreamproto.benchmarks.report.Results;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The peer benchmark harness ({@code jsp-benchmarks/peers.sh}): every system × every workload it supports, in rounds
 * in which the systems alternate (the order rotates each round), medians over the rounds; writes the JSON results
 * and regenerates the peers section of the benchmark document with tables and charts.
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "JSP against its peers on loopback: bulk, parallel, request/response, handshakes, idle heap,"
                + " goodput and latency under loss.")
public final class PeersMain implements Callable<Integer> {
    @Option(names = "--quick", description = "CI smoke run: 1 round, short windows, 200 idle connections (< 3 min).")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds (default 3; --quick: 1).")
    Integer rounds;

    @Option(names = "--idle-connections", description = "Idle connections of the heap figure (default 10000).")
    Integer idleConnections;

    @Option(names = "--systems", split = ",", description = "Only these systems (names as in the tables).")
    List<String> onlySystems;

    @Option(names = "--workloads", split = ",", description = "Only these workloads (bulk, parallel-10, rr-64B,"
            + " handshake, idle, loss-0%%, loss-1%%, loss-5%%, loss-10%%).")
    List<String> onlyWorkloads;

    @Option(names = "--out", description = "Directory of the JSON files and charts (default docs/benchmarks).")
    Path out = Path.of("docs/benchmarks");

    @Option(names = "--doc", description = "Document whose generated section is rewritten (default"
            + " docs/BENCHMARKS-peers.md).")
    Path doc = Path.of("docs/BENCHMARKS-peers.md");

    @Option(names = "--no-doc", description = "Write the JSON only.")
    boolean noDoc;

    @Option(names = "--tag", description = "Suffix of the file names and of the document section (a supplementary"
            + " run beside the main one, e.g. --tag handshake).")
    String tagSuffix;

    private final PrintStream log = System.out;

    public static void main(String[] args) {
        int code = new CommandLine(new PeersMain()).execute(args);
        System.exit(code);
    }

    static List<Workload> workloads(Settings s) {
        return List.of(Workload.bulk(), Workload.parallel(s.parallel()), Workload.rr(s.rrSize()),
                Workload.handshake(), Workload.idle(), Workload.loss(0), Workload.loss(0.01), Workload.loss(0.05),
                Workload.loss(0.10));
    }

    @Override
    public Integer call() throws Exception {
        Settings s = quick ? Settings.quick() : Settings.full();
        if (rounds != null) {
            s = s.withRounds(rounds);
        }
        if (idleConnections != null) {
            s = s.withIdleConnections(idleConnections);
        }
        Map<String, Object> machine = Machine.describe();
        String tag = "java" + Runtime.version().feature() + (quick ? "-quick" : "")
                + (tagSuffix == null ? "" : "-" + tagSuffix);
        log.printf("Peer harness (%s): %s rounds, %s cores (%s), %s, %s, commit %s, load %s%n", tag, s.rounds(),
                machine.get("cores"), machine.get("cpu"), machine.get("kernel"), machine.get("jdk"),
                machine.get("commit"), machine.get("load_average_start"));
        List<PeerSystem> systems = new ArrayList<>();
        for (Supplier<PeerSystem> supplier : Systems.all()) {
            PeerSystem p = supplier.get();
            if (onlySystems == null || onlySystems.contains(p.name())) {
                systems.add(p);
            } else {
                p.close();
            }
        }
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : workloads(s)) {
            if (onlyWorkloads == null || onlyWorkloads.contains(w.name())) {
                workloads.add(w);
            }
        }
        Results results = new Results();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try {
            log.printf("%nwarm-up (not recorded): a short transfer and some round trips per system%n");
            for (PeerSystem system : systems) {
                warmUp(system, s);
            }
            for (int round = 1; round <= s.rounds(); round++) {
                if (round > 1) { // what is done so far survives an interrupted run
                    Results.write(out.resolve("peers-" + tag + "-rounds.json"), results.rounds());
                }
                log.printf("%n== round %d of %d ==%n", round, s.rounds());
                for (Workload w : workloads) {
                    if (w.kind() == Workload.Kind.IDLE && round > 1) {
                        continue; // heap per idle connection barely varies: one reading per run
                    }
                    for (int i = 0; i < systems.size(); i++) {
                        PeerSystem system = systems.get((i + round - 1) % systems.size()); // rotate the order
                        if (!system.supports().contains(w.kind())) {
                            continue;
                        }
                        long t0 = System.nanoTime();
                        try {
                            List<Metric> metrics;
                            try {
                                metrics = run(system, w, s, round);
                            } catch (Exception first) {
                                // one retry: on a loaded shared machine a peer's connect or echo can time out
                                log.printf("  %-11s %-18s failed (%s), retrying once%n", w.name(), system.name(),
                                        first);
                                metrics = run(system, w, s, round);
                            }
                            for (Metric m : metrics) {
                                results.add(round, system.name(), w.name(), m.name(), m.value(), m.unit());
                            }
                            log.printf("  %-11s %-18s %s  (%.1f s)%n", w.name(), system.name(), format(metrics),
                                    (System.nanoTime() - t0) / 1e9);
                        } catch (Throwable e) {
                            String f = "round " + round + " " + w.name() + " " + system.name() + ": " + e;
                            failures.add(f);
                            log.printf("  %-11s %-18s FAILED %s%n", w.name(), system.name(), e);
                            e.printStackTrace(log);
                        }
                    }
                }
            }
        } finally {
            for (PeerSystem p : systems) {
                try {
                    p.close();
                } catch (Exception e) {
                    // at exit
                }
            }
        }
        machine.put("load_average_end", Machine.loadAverage());
        machine.put("duration_seconds", Math.round((System.nanoTime() - started) / 1e9));
        machine.put("settings", s);
        machine.put("quick", quick);
        machine.put("failures", failures);
        Map<String, String> described = new LinkedHashMap<>();
        for (PeerSystem p : systems) {
            described.put(p.name(), p.describe());
        }
        machine.put("systems", described);
        Path json = out.resolve("peers-" + tag + ".json");
        Results.write(json, results.medians());
        Results.write(out.resolve("peers-" + tag + "-rounds.json"), results.rounds());
        Results.write(out.resolve("peers-" + tag + "-environment.json"), machine);
        log.printf("%nwrote %s (%d figures)%n", json, results.medians().size());
        if (!noDoc) {
            PeersReport.write(doc, out, tag, results.medians(), results.rounds(), machine);
            log.printf("wrote %s%n", doc);
        }
        if (!failures.isEmpty()) {
            log.printf("%d measurements failed:%n", failures.size());
            failures.forEach(f -> log.println("  " + f));
        }
        return 0;
    }

    /** Runs one workload once on one system. */
    static List<Metric> run(PeerSystem system, Workload w, Settings s, int round) throws Exception {
        List<Metric> m = new ArrayList<>();
        long seed = 1000L * round + w.name().hashCode();
        switch (w.kind()) {
            case BULK -> {
                Measure.Transfer t = Measure.transfer(system, 1, null, seed, s.warmupSeconds(), s.windowSeconds());
                m.add(new Metric("goodput", t.aggregateMbits(), "Mbit/s"));
            }
            case PARALLEL -> {
                Measure.Transfer t = Measure.transfer(system, s.parallel(), null, seed, s.warmupSeconds(),
                        s.windowSeconds());
                double[] each = t.perConnectionMbits();
                double min = Double.MAX_VALUE;
                for (double v : each) {
                    min = Math.min(min, v);
                }
                m.add(new Metric("aggregate_goodput", t.aggregateMbits(), "Mbit/s"));
                m.add(new Metric("jain_index", Measure.jain(each), "1"));
                double mean = t.aggregateMbits() / each.length;
                m.add(new Metric("min_share", mean == 0 ? 0 : min / mean, "1"));
            }
            case RR -> {
                Histogram h = Measure.roundTrips(system, s.rrSize(), s.rrWarmup(), s.rrSamples());
                m.add(new Metric("p50", Measure.us(h.getValueAtPercentile(50)), "µs"));
                m.add(new Metric("p99", Measure.us(h.getValueAtPercentile(99)), "µs"));
                m.add(new Metric("p99.9", Measure.us(h.getValueAtPercentile(99.9)), "µs"));
            }
            case HANDSHAKE -> {
                Histogram h = Measure.handshakes(system, s.handshakeWarmup(), s.handshakes());
                m.add(new Metric("p50", Measure.us(h.getValueAtPercentile(50)), "µs"));
                m.add(new Metric("p99", Measure.us(h.getValueAtPercentile(99)), "µs"));
                RemoteMeasure.Rate r = RemoteMeasure.handshakeRate(system, s.rateThreads(), s.rateSeconds());
                m.add(new Metric("per_server_core", r.perServerCore(), "1/s"));
                m.add(new Metric("per_second", r.perSecond(), "1/s"));
            }
            case IDLE -> {
                int n = Math.min(s.idleConnections(), maxIdle(system));
                RemoteMeasure.Idle idle = RemoteMeasure.idleHeap(system, n, Math.max(10, Math.min(200, n / 10)));
                m.add(new Metric("server_heap_per_connection", idle.serverBytesPerConnection(), "bytes"));
                m.add(new Metric("client_heap_per_connection", idle.clientBytesPerConnection(), "bytes"));
                m.add(new Metric("heap_per_connection",
                        idle.serverBytesPerConnection() + idle.clientBytesPerConnection(), "bytes"));
                m.add(new Metric("connections", idle.connections(), "1"));
            }
            case LOSS -> {
                LinkModel link = LinkModel.clean().withLoss(w.loss());
                Measure.Transfer t = Measure.transfer(system, 1, link, seed, s.warmupSeconds(), s.windowSeconds());
                m.add(new Metric("goodput", t.aggregateMbits(), "Mbit/s"));
                if (t.upstream() != null && t.totalBytes() > 0) {
                    m.add(new Metric("wire_bytes_per_goodput_byte",
                            t.upstream().receivedBytes() / (double) t.totalBytes(), "1"));
                }
                Measure.Paced p = Measure.paced(system, link, seed + 1, s.recordSize(), s.recordsPerSecond(),
                        s.latencySeconds(), 3);
                m.add(new Metric("p50_latency", Measure.us(p.latencies().getValueAtPercentile(50)), "µs"));
                m.add(new Metric("p99_latency", Measure.us(p.latencies().getValueAtPercentile(99)), "µs"));
                m.add(new Metric("delivered", 100.0 * p.delivered() / p.sent(), "%"));
            }
        }
        return m;
    }

    /** Lets the JIT compile each system's paths before the first measured round (class loading, C2). */
    private void warmUp(PeerSystem system, Settings s) {
        long t0 = System.nanoTime();
        try {
            if (system.supports().contains(Workload.Kind.BULK)) {
                Measure.transfer(system, 1, null, 1, 0, quick ? 0.3 : 2);
            }
            if (system.supports().contains(Workload.Kind.RR)) {
                Measure.roundTrips(system, s.rrSize(), 0, quick ? 200 : 2000);
            }
            if (system.supports().contains(Workload.Kind.HANDSHAKE) && !quick) {
                Measure.handshakes(system, 0, quick ? 10 : 50);
            }
            log.printf("  %-18s warmed up (%.1f s)%n", system.name(), (System.nanoTime() - t0) / 1e9);
        } catch (Throwable e) {
            log.printf("  %-18s warm-up failed: %s%n", system.name(), e);
        }
    }

    /** KCP runs a 10 ms timer per connection: 10,000 of them saturate both cores, so it is measured with fewer. */
    static int maxIdle(PeerSystem system) {
        return system instanceof KcpSystem ? 1000 : Integer.MAX_VALUE;
    }

    private static String format(List<Metric> metrics) {
        StringBuilder sb = new StringBuilder();
        for (Metric m : metrics) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m.name()).append(' ').append(String.format("%.4g", m.value())).append(' ').append(m.unit());
        }
        return sb.toString();
    }
}
