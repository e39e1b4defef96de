package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.benchmarks.netem.GilbertElliott;
import io.jetstreamproto.benchmarks.netem.LinkModel;
import io.jetstreamproto.benchmarks.netem.LinkProxy;
import io.jetstreamproto.benchmarks.report.Machine;
import io.jetstreamproto.benchmarks.report.Results;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The lossy-link matrix of issue 16 ({@code jsp-benchmarks/lossy.sh}): RTT × random loss, plus Gilbert-Elliott burst
 * loss, with jitter, through the {@link LinkProxy}, for each JSP configuration ({@link Systems.JspVariant}: every
 * congestion controller × FEC mode) and Netty QUIC; then the fairness check, a JSP flow and a Netty QUIC flow sharing
 * one rate-limited bottleneck with a drop-tail queue. Writes {@code lossy-javaNN.json} and the lossy section of the
 * benchmark document.
 */
@Command(name = "lossy", mixinStandardHelpOptions = true,
        description = "Goodput and message latency over emulated lossy long-distance links, and bottleneck fairness.")
public final class LossyMain implements Callable<Integer> {
    @Option(names = "--quick", description = "Smoke run: RTT 0 and 100 ms, loss 0 and 5 %% and burst, short windows.")
    boolean quick;

    @Option(names = "--rtts", split = ",", description = "Round-trip times in ms (default 0,50,100,200).")
    List<Integer> rtts;

    @Option(names = "--losses", split = ",", description = "Random loss per direction in %% (default 0,1,2,5,10,20).")
    List<Double> losses;

    @Option(names = "--no-burst", description = "Leave out the Gilbert-Elliott burst-loss column.")
    boolean noBurst;

    @Option(names = "--fec", split = ",", description = "JSP FEC modes (default off,adaptive; also: fixed).")
    List<String> fecModes;

    @Option(names = "--quic-cc", split = ",", description = "Netty QUIC congestion controllers (default CUBIC;"
            + " also RENO, BBR).")
    List<String> quicCc;

    @Option(names = "--jitter-keeps-order", description = "Jitter without reordering (a varying queue delay)"
            + " instead of netem's independent per-datagram jitter.")
    boolean jitterKeepsOrder;

    @Option(names = "--tag", description = "Suffix of the file names and of the document section.")
    String tagSuffix;

    @Option(names = "--no-fairness", description = "Skip the shared-bottleneck fairness check.")
    boolean noFairness;

    @Option(names = "--only-fairness", description = "Run the fairness check only.")
    boolean onlyFairness;

    @Option(names = "--out", description = "Directory of the JSON files and charts (default docs/benchmarks).")
    Path out = Path.of("docs/benchmarks");

    @Option(names = "--doc", description = "Document whose lossy section is rewritten (default docs/BENCHMARKS-peers.md).")
    Path doc = Path.of("docs/BENCHMARKS-peers.md");

    @Option(names = "--no-doc", description = "Write the JSON only.")
    boolean noDoc;

    /** Size of the latency messages of the matrix (small: a game-state or chat-sized message). */
    static final int RECORD = 256;

    private final PrintStream log = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LossyMain()).execute(args));
    }

    /** Jitter added to each direction: uniform in [0, RTT / 8] (reorders, as on real links); none at RTT 0. */
    static LinkModel link(int rttMs, double loss, boolean burst) {
        long oneWay = rttMs * 500L;
        LinkModel m = LinkModel.clean().withDelay(oneWay, rttMs * 1000L / 8).withLoss(loss);
        return burst ? m.withBurst(GilbertElliott.issue16()) : m;
    }

    static String workload(int rttMs, double loss, boolean burst) {
        return "rtt" + rttMs + "ms-" + (burst ? "burst" : "loss" + pct(loss));
    }

    static String pct(double loss) {
        double p = loss * 100;
        return (p == Math.rint(p) ? String.valueOf((int) Math.rint(p)) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    @Override
    public Integer call() throws Exception {
        List<Integer> rttList = rtts != null ? rtts : quick ? List.of(0, 100) : List.of(0, 50, 100, 200);
        List<Double> lossList = losses != null ? losses : quick ? List.of(0.0, 5.0) : List.of(0.0, 1.0, 2.0, 5.0,
                10.0, 20.0);
        double warm = quick ? 1 : 2;
        double window = quick ? 1.5 : 4;
        double latencySeconds = quick ? 2 : 4;
        // well below the goodput of the worst cells (200 ms, 20 % loss): latency, not queueing behind the link
        int perSecond = 100;
        List<Systems.JspVariant.FecMode> fec = new ArrayList<>();
        for (String f : fecModes != null ? fecModes : List.of("off", "adaptive")) {
            fec.add(Systems.JspVariant.FecMode.valueOf(f.toUpperCase(Locale.ROOT)));
        }
        List<PeerSystem> systems = new ArrayList<>();
        for (Systems.JspVariant v : Systems.JspVariant.all()) {
            if (fec.contains(v.fec())) {
                systems.add(v.system());
            }
        }
        for (String cc : quicCc != null ? quicCc : List.of("CUBIC")) {
            QuicCongestionControlAlgorithm a = QuicCongestionControlAlgorithm.valueOf(cc.toUpperCase(Locale.ROOT));
            systems.add(new NettyQuicSystem("Netty QUIC " + a, a));
        }
        Map<String, Object> machine = Machine.describe();
        String tag = "java" + Runtime.version().feature() + (quick ? "-quick" : "")
                + (tagSuffix == null ? "" : "-" + tagSuffix);
        log.printf("Lossy-link matrix (%s): RTT %s ms × loss %s %% %s, %d systems; %s cores, %s, load %s%n", tag,
                rttList, lossList, noBurst ? "" : "+ burst", systems.size(), machine.get("cores"), machine.get("jdk"),
                machine.get("load_average_start"));
        Results results = new Results();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        try {
            if (!onlyFairness) {
                for (int rtt : rttList) {
                    List<Object[]> conditions = new ArrayList<>();
                    for (double l : lossList) {
                        conditions.add(new Object[] {l / 100, false});
                    }
                    if (!noBurst) {
                        conditions.add(new Object[] {0.0, true});
                    }
                    for (Object[] c : conditions) {
                        double loss = (double) c[0];
                        boolean burst = (boolean) c[1];
                        String w = workload(rtt, loss, burst);
                        LinkModel link = link(rtt, loss, burst).withReorder(!jitterKeepsOrder);
                        for (PeerSystem s : systems) {
                            long t0 = System.nanoTime();
                            try {
                                List<Metric> m = cell(s, link, w.hashCode(), warm, window, latencySeconds, perSecond,
                                        rtt);
                                for (Metric x : m) {
                                    results.add(1, s.name(), w, x.name(), x.value(), x.unit());
                                }
                                log.printf("  %-18s %-28s %s (%.1f s)%n", w, s.name(), brief(m),
                                        (System.nanoTime() - t0) / 1e9);
                            } catch (Throwable e) {
                                failures.add(w + " " + s.name() + ": " + e);
                                log.printf("  %-18s %-28s FAILED %s%n", w, s.name(), e);
                            }
                        }
                    }
                }
            }
            if (!noFairness) {
                fairness(results, failures, quick);
            }
        } finally {
            for (PeerSystem s : systems) {
                s.close();
            }
        }
        machine.put("load_average_end", Machine.loadAverage());
        machine.put("duration_seconds", Math.round((System.nanoTime() - started) / 1e9));
        machine.put("rtts_ms", rttList);
        machine.put("losses_percent", lossList);
        machine.put("burst", noBurst ? "none" : GilbertElliott.issue16().toString());
        machine.put("jitter", "uniform in [0, RTT/8] added in each direction, "
                + (jitterKeepsOrder ? "order kept (a datagram never overtakes the one ahead)" : "reorders (as netem)"));
        machine.put("windows", String.format(Locale.ROOT, "bulk: %.1f s warm-up (+ 20 RTTs) then %.1f s measured;"
                + " latency: %d messages/s of %d bytes for %.1f s", warm, window, perSecond, RECORD, latencySeconds));
        machine.put("failures", failures);
        Map<String, String> described = new LinkedHashMap<>();
        for (PeerSystem p : systems) {
            described.put(p.name(), p.describe());
        }
        machine.put("systems", described);
        Results.write(out.resolve("lossy-" + tag + ".json"), results.medians());
        Results.write(out.resolve("lossy-" + tag + "-rounds.json"), results.rounds());
        Results.write(out.resolve("lossy-" + tag + "-environment.json"), machine);
        log.printf("%nwrote %s (%d figures)%n", out.resolve("lossy-" + tag + ".json"), results.medians().size());
        if (!noDoc) {
            LossyReport.write(doc, out, tag, results.medians(), machine);
            log.printf("wrote %s%n", doc);
        }
        if (!failures.isEmpty()) {
            log.printf("%d cells failed:%n", failures.size());
            failures.forEach(f -> log.println("  " + f));
        }
        return 0;
    }

    /** One system on one link: bulk goodput with its overheads, then paced messages for latency. */
    static List<Metric> cell(PeerSystem s, LinkModel link, long seed, double warm, double window,
            double latencySeconds, int perSecond, int rttMs) throws Exception {
        List<Metric> m = new ArrayList<>();
        double rttWarm = warm + rttMs * 20 / 1000.0; // slow start takes more round trips on long paths
        Measure.Transfer t = Measure.transfer(s, 1, link, seed, rttWarm, window);
        m.add(new Metric("goodput", t.aggregateMbits(), "Mbit/s"));
        long delivered = Math.max(1, t.totalBytes());
        if (t.upstream() != null) {
            m.add(new Metric("wire_bytes_per_goodput_byte", t.upstream().receivedBytes() / (double) delivered, "1"));
        }
        Map<String, Double> st = t.senderStatsDelta();
        if (st.containsKey("retransmitted_bytes")) {
            m.add(new Metric("retransmitted_bytes_per_goodput_byte", st.get("retransmitted_bytes") / delivered, "1"));
        }
        if (st.containsKey("fragments_retransmitted")) {
            m.add(new Metric("fragments_retransmitted_per_mb", st.get("fragments_retransmitted") / (delivered / 1e6),
                    "1/MB"));
        }
        if (st.containsKey("parity_bytes")) {
            m.add(new Metric("parity_bytes_per_goodput_byte", st.get("parity_bytes") / delivered, "1"));
        }
        if (st.containsKey("packets_lost")) {
            m.add(new Metric("packets_lost", st.get("packets_lost"), "1"));
        }
        Measure.Paced p = Measure.paced(s, link, seed + 1, RECORD, perSecond, latencySeconds,
                3 + 4 * rttMs / 1000.0);
        m.add(new Metric("p50_latency", Measure.us(p.latencies().getValueAtPercentile(50)), "µs"));
        m.add(new Metric("p99_latency", Measure.us(p.latencies().getValueAtPercentile(99)), "µs"));
        m.add(new Metric("delivered", 100.0 * p.delivered() / p.sent(), "%"));
        return m;
    }

    /**
     * Flows of two systems through one bottleneck (rate limit, drop-tail queue of about one BDP, 40 ms RTT): each
     * flow's goodput and its share. Pairs: JSP with each congestion controller (FEC off) against Netty QUIC CUBIC,
     * and Netty QUIC against itself as the control.
     */
    private void fairness(Results results, List<String> failures, boolean quickRun) throws Exception {
        long rate = 20_000_000 / 8; // 20 Mbit/s
        int rttMs = 40;
        long queue = rate * rttMs / 1000; // one bandwidth-delay product
        LinkModel bottleneck = LinkModel.clean().withDelay(rttMs * 500L, 0).withRate(rate, queue);
        double warm = quickRun ? 2 : 5;
        double window = quickRun ? 3 : 20;
        List<PeerSystem[]> pairs = new ArrayList<>();
        for (Systems.JspVariant v : Systems.JspVariant.all()) {
            if (v.fec() == Systems.JspVariant.FecMode.OFF) {
                pairs.add(new PeerSystem[] {v.system(),
                    new NettyQuicSystem("Netty QUIC CUBIC", QuicCongestionControlAlgorithm.CUBIC)});
            }
        }
        pairs.add(new PeerSystem[] {new NettyQuicSystem("Netty QUIC CUBIC", QuicCongestionControlAlgorithm.CUBIC),
            new NettyQuicSystem("Netty QUIC CUBIC (2nd flow)", QuicCongestionControlAlgorithm.CUBIC)});
        log.printf("%nfairness: %s, %.0f s measured after %.0f s%n", bottleneck, window, warm);
        for (PeerSystem[] pair : pairs) {
            String w = "fairness-" + pair[0].name() + "-vs-" + pair[1].name();
            try (PeerServer a = pair[0].startServer(ServerMode.SINK, 0);
                    PeerServer b = pair[1].startServer(ServerMode.SINK, 0);
                    LinkProxy proxy = LinkProxy.start(List.of(a.address(), b.address()), bottleneck, 7)) {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    Future<Measure.Transfer> fa = pool.submit(() -> Measure.transfer(pair[0], a,
                            new PeerSystem.Target(proxy.address(0), a.trust()), 1, warm, window, null));
                    Future<Measure.Transfer> fb = pool.submit(() -> Measure.transfer(pair[1], b,
                            new PeerSystem.Target(proxy.address(1), b.trust()), 1, warm, window, null));
                    double x = fa.get().aggregateMbits();
                    double y = fb.get().aggregateMbits();
                    double sum = x + y;
                    results.add(1, pair[0].name(), w, "goodput", x, "Mbit/s");
                    results.add(1, pair[1].name(), w, "goodput", y, "Mbit/s");
                    results.add(1, pair[0].name(), w, "share", sum == 0 ? 0 : x / sum, "1");
                    results.add(1, pair[1].name(), w, "share", sum == 0 ? 0 : y / sum, "1");
                    results.add(1, pair[0].name(), w, "jain_index", Measure.jain(new double[] {x, y}), "1");
                    results.add(1, pair[0].name(), w, "bottleneck_drops", proxy.upstream().droppedQueue(), "1");
                    log.printf("  %-58s %s %.2f Mbit/s (share %.2f) | %s %.2f Mbit/s (share %.2f); queue drops %d%n",
                            w, pair[0].name(), x, x / sum, pair[1].name(), y, y / sum,
                            proxy.upstream().droppedQueue());
                } finally {
                    pool.shutdownNow();
                }
            } catch (Throwable e) {
                failures.add(w + ": " + e);
                log.printf("  %s FAILED %s%n", w, e);
            } finally {
                pair[0].close();
                pair[1].close();
            }
        }
    }

    private static String brief(List<Metric> m) {
        StringBuilder sb = new StringBuilder();
        for (Metric x : m) {
            if (x.name().equals("goodput") || x.name().equals("p99_latency") || x.name().equals("delivered")
                    || x.name().equals("wire_bytes_per_goodput_byte")) {
                sb.append(x.name()).append(' ').append(String.format(Locale.ROOT, "%.4g", x.value())).append(' ')
                        .append(x.unit()).append("; ");
            }
        }
        return sb.toString();
    }
}
