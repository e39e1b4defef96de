package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.benchmarks.report.Charts;
import io.jetstreamproto.benchmarks.report.MarkdownSections;
import io.jetstreamproto.benchmarks.report.Result;
import io.jetstreamproto.benchmarks.report.RoundResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a peer-harness run into the generated section of the benchmark document: tables, ratios, charts. */
final class PeersReport {
    private PeersReport() {}

    static final String HEADER = """
            # JSP against its peers

            Everything between the `BEGIN GENERATED` / `END GENERATED` markers is written by the harnesses
            (`jsp-benchmarks/peers.sh`, `jsp-benchmarks/lossy.sh`); do not edit it by hand, run them again.
            """;

    /** A figure of the summary: which workload and metric, and whether more is better. */
    private record Key(String workload, String metric, String label, boolean higherIsBetter) {}

    private static final List<Key> SUMMARY = List.of(
            new Key("bulk", "goodput", "bulk goodput, one connection", true),
            new Key("parallel-10", "aggregate_goodput", "10 connections, aggregate goodput", true),
            new Key("parallel-10", "jain_index", "10 connections, Jain's fairness index", true),
            new Key("rr-64B", "p50", "64 B request/response p50", false),
            new Key("rr-64B", "p99", "64 B request/response p99", false),
            new Key("rr-64B", "p99.9", "64 B request/response p99.9", false),
            new Key("handshake", "p50", "handshake p50", false),
            new Key("handshake", "per_server_core", "handshakes per second per server core", true),
            new Key("loss-0%", "goodput", "goodput through the proxy, 0 % loss", true),
            new Key("loss-1%", "goodput", "goodput, 1 % loss", true),
            new Key("loss-5%", "goodput", "goodput, 5 % loss", true),
            new Key("loss-10%", "goodput", "goodput, 10 % loss", true),
            new Key("loss-1%", "p99_latency", "p99 message latency, 1 % loss", false),
            new Key("loss-5%", "p99_latency", "p99 message latency, 5 % loss", false),
            new Key("loss-10%", "p99_latency", "p99 message latency, 10 % loss", false),
            new Key("idle", "server_heap_per_connection", "server heap per idle connection", false));

    static void write(Path doc, Path chartsDir, String tag, List<Result> results, List<RoundResult> rounds,
            Map<String, Object> machine) throws IOException {
        Table t = new Table(results, rounds);
        StringBuilder md = new StringBuilder();
        md.append("## Peers on loopback, Java ").append(machine.get("java_feature"))
                .append(tag.contains("quick") ? " (quick smoke run: figures not meaningful)" : "")
                .append(tag.matches("java\\d+(-quick)?") ? "" : " — run " + tag).append("\n\n");
        md.append(machineLine(machine)).append("\n\n");
        @SuppressWarnings("unchecked")
        Map<String, String> systems = (Map<String, String>) machine.get("systems");
        md.append("Systems:\n\n");
        for (var e : systems.entrySet()) {
            md.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
        }
        @SuppressWarnings("unchecked")
        List<String> failures = (List<String>) machine.get("failures");
        if (failures != null && !failures.isEmpty()) {
            md.append("\n**Measurements that failed in this run** (no figure recorded):\n\n");
            for (String f : failures) {
                md.append("- ").append(f.replace("|", "\\|")).append('\n');
            }
        }
        md.append('\n');
        summary(md, t);
        targets(md, t);
        Path docDir = doc.toAbsolutePath().getParent();
        List<String[]> charts = charts(chartsDir, tag, t);
        md.append("### All figures (median [min..max] over the rounds)\n\n");
        for (String workload : t.workloads) {
            md.append("#### ").append(workload).append(" — ").append(describeWorkload(workload)).append("\n\n");
            List<String> metrics = t.metricsOf(workload);
            md.append("| system |");
            for (String m : metrics) {
                md.append(' ').append(m).append(" (").append(t.unit(workload, m)).append(") |");
            }
            md.append("\n|---|");
            md.append("---|".repeat(metrics.size())).append('\n');
            for (String system : t.systems) {
                if (!t.has(system, workload)) {
                    continue;
                }
                md.append("| ").append(system).append(" |");
                for (String m : metrics) {
                    md.append(' ').append(t.spread(system, workload, m)).append(" |");
                }
                md.append('\n');
            }
            List<String> absent = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            List<String> lossOnly = new ArrayList<>();
            for (String system : t.systems) {
                if (t.has(system, workload)) {
                    continue;
                }
                boolean didFail = failures != null && failures.stream()
                        .anyMatch(f -> f.contains(" " + workload + " " + system + ":"));
                if (didFail) {
                    failed.add(system);
                } else if (system.endsWith("+FEC") && system.startsWith("JSP")) {
                    lossOnly.add(system);
                } else {
                    absent.add(system);
                }
            }
            if (!absent.isEmpty()) {
                md.append("\nNot measured here: ").append(String.join(", ", absent)).append(" (")
                        .append(whyAbsent(workload)).append(").\n");
            }
            if (!lossOnly.isEmpty()) {
                md.append("\n").append(String.join(", ", lossOnly)).append(": measured in the loss workloads only.\n");
            }
            if (!failed.isEmpty()) {
                md.append("\nFailed in every round of this run: ").append(String.join(", ", failed))
                        .append(" (see the list above).\n");
            }
            md.append('\n');
        }
        md.append("### Charts\n\n");
        for (String[] c : charts) {
            md.append("![").append(c[0]).append("](").append(docDir.relativize(Path.of(c[1]).toAbsolutePath())
                    .toString().replace('\\', '/')).append(")\n\n");
        }
        MarkdownSections.replace(doc, "peers " + tag, md.toString(), HEADER);
    }

    private static String machineLine(Map<String, Object> m) {
        return String.format(Locale.ROOT, "Machine: %s cores (%s), %s GiB, %s. JDK: %s. Commit `%s`. %s, %s s, load"
                + " average %s at the start and %s at the end (the machine is shared: read ratios, not absolute"
                + " figures). Settings: `%s`.", m.get("cores"), m.get("cpu"), m.get("memory_gib"), m.get("kernel"),
                m.get("jdk"), m.get("commit"), m.get("date"), m.get("duration_seconds"), m.get("load_average_start"),
                m.get("load_average_end"), m.get("settings"));
    }

    static String describeWorkload(String w) {
        if (w.equals("bulk")) {
            return "bulk transfer over one connection, goodput counted at the receiving application";
        }
        if (w.startsWith("parallel-")) {
            return w.substring(9) + " connections sending at once to one server: aggregate goodput, Jain's index of"
                    + " the per-connection goodputs, and the smallest share relative to the mean";
        }
        if (w.startsWith("rr-")) {
            return w.substring(3) + " request echoed by the server, one outstanding, round trip at the client";
        }
        if (w.equals("handshake")) {
            return "sequential connects (handshake complete at the client) against a server in this JVM; the rate"
                    + " is 4 clients connecting in a loop against a server in its own JVM, divided by that JVM's CPU"
                    + " time";
        }
        if (w.equals("idle")) {
            return "heap per idle connection after full GCs, server in its own JVM (a clean reading), clients in"
                    + " the harness JVM (after the other workloads: what they left behind and frees meanwhile can"
                    + " move the client figure, even below zero; compare the server column)";
        }
        if (w.startsWith("loss-")) {
            return "through the user-space impairment proxy with " + w.substring(5) + " random loss in each"
                    + " direction: bulk goodput, and the one-way latency of 1 KiB messages sent at a fixed rate"
                    + " (see the settings: when that rate comes near a system's goodput at this loss, its p99"
                    + " includes queueing behind its own congestion window)";
        }
        return w;
    }

    static String whyAbsent(String w) {
        if (w.equals("handshake")) {
            return "no handshake";
        }
        if (w.equals("idle")) {
            return "no connections to hold: Aeron publications and raw UDP are not connections";
        }
        if (w.startsWith("loss-")) {
            return "TCP cannot pass the UDP impairment proxy and the kernel has no netem; a TCP relay would"
                    + " terminate TCP and so hide the loss";
        }
        return "not applicable";
    }

    private static void summary(StringBuilder md, Table t) {
        List<String> jsp = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (String s : t.systems) {
            (s.startsWith("JSP/") ? jsp : peers).add(s);
        }
        if (jsp.isEmpty()) {
            return;
        }
        md.append("### JSP ÷ peer, same run\n\n");
        md.append("Each cell is JSP's median divided by the peer's. For goodput, the fairness index and handshakes per"
                + " core more is better (above 1: JSP ahead); for latencies and heap less is better (below 1: JSP"
                + " ahead).\n\n");
        md.append("| figure | JSP |");
        for (String p : peers) {
            md.append(' ').append(p).append(" |");
        }
        md.append("\n|---|---|").append("---|".repeat(peers.size())).append('\n');
        for (Key k : SUMMARY) {
            for (String j : jsp) {
                Double mine = t.value(j, k.workload, k.metric);
                if (mine == null) {
                    continue;
                }
                md.append("| ").append(k.label).append(" |").append(j).append(" = ")
                        .append(fmt(mine)).append(' ').append(t.unit(k.workload, k.metric)).append(" |");
                for (String p : peers) {
                    Double theirs = t.value(p, k.workload, k.metric);
                    md.append(' ').append(theirs == null || theirs == 0 ? "—" : fmt(mine / theirs)).append(" |");
                }
                md.append('\n');
            }
        }
        md.append('\n');
        md.append("Goodput kept under loss (loss-x % goodput ÷ the same system's loss-0 % goodput through the"
                + " proxy):\n\n| system | 1 % | 5 % | 10 % |\n|---|---|---|---|\n");
        for (String s : t.systems) {
            Double clean = t.value(s, "loss-0%", "goodput");
            if (clean == null || clean == 0) {
                continue;
            }
            md.append("| ").append(s).append(" |");
            for (String w : List.of("loss-1%", "loss-5%", "loss-10%")) {
                Double v = t.value(s, w, "goodput");
                md.append(' ').append(v == null ? "—" : fmt(100 * v / clean) + " %").append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /** Issue 13's targets against this run (JSP/UDP, FEC variant for the latency under loss). */
    private static void targets(StringBuilder md, Table t) {
        String j = "JSP/UDP";
        if (!t.systems.contains(j)) {
            return;
        }
        md.append("### Issue 13 targets in this run\n\n| target | measured | met |\n|---|---|---|\n");
        ratioTarget(md, t, "bulk ≥ 1.5 × Netty QUIC", j, "Netty QUIC", "bulk", "goodput", 1.5, true);
        ratioTarget(md, t, "bulk ≥ 0.5 × raw UDP", j, "raw UDP", "bulk", "goodput", 0.5, true);
        ratioTarget(md, t, "64 B RR p50 ≤ 1.3 × raw UDP", j, "raw UDP", "rr-64B", "p50", 1.3, false);
        ratioTarget(md, t, "64 B RR p99 < Netty QUIC", j, "Netty QUIC", "rr-64B", "p99", 1.0, false);
        ratioTarget(md, t, "handshake p50 ≤ 0.8 × Netty QUIC", j, "Netty QUIC", "handshake", "p50", 0.8, false);
        Double perCore = t.value(j, "handshake", "per_server_core");
        if (perCore != null) {
            md.append("| ≥ 3,000 handshakes/s per server core | ").append(fmt(perCore)).append(" /s | ")
                    .append(perCore >= 3000 ? "yes" : "**no**").append(" |\n");
        }
        Double clean = t.value(j, "loss-0%", "goodput");
        Double five = t.value(j, "loss-5%", "goodput");
        if (clean != null && five != null && clean > 0) {
            double kept = five / clean;
            md.append("| 5 % loss: goodput ≥ 80 % of loss-free | ").append(fmt(100 * kept)).append(" % | ")
                    .append(kept >= 0.8 ? "yes" : "**no**").append(" |\n");
        }
        String fec = t.systems.contains("JSP/UDP+FEC") ? "JSP/UDP+FEC" : j;
        ratioTarget(md, t, "5 % loss: p99 latency ≤ 0.5 × Netty QUIC (" + fec + ")", fec, "Netty QUIC", "loss-5%",
                "p99_latency", 0.5, false);
        md.append("\nThe TLS/TCP half of the loss-latency target cannot be measured here (no netem, see above).\n\n");
    }

    private static void ratioTarget(StringBuilder md, Table t, String label, String a, String b, String workload,
            String metric, double bound, boolean atLeast) {
        Double x = t.value(a, workload, metric);
        Double y = t.value(b, workload, metric);
        if (x == null || y == null || y == 0) {
            return;
        }
        double r = x / y;
        boolean met = atLeast ? r >= bound : (bound == 1.0 ? r < bound : r <= bound);
        md.append("| ").append(label).append(" | ").append(fmt(r)).append(" (").append(fmt(x)).append(" vs ")
                .append(fmt(y)).append(' ').append(t.unit(workload, metric)).append(") | ")
                .append(met ? "yes" : "**no**").append(" |\n");
    }

    private static List<String[]> charts(Path dir, String tag, Table t) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<String> sys = t.systems;
        Path bulk = dir.resolve("peers-" + tag + "-goodput.png");
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("bulk, one connection", t.row(sys, "bulk", "goodput"));
        series.put("10 connections, aggregate", t.row(sys, "parallel-10", "aggregate_goodput"));
        Charts.bars(bulk, "Goodput on loopback (Mbit/s)", "Mbit/s", sys, series, false);
        out.add(new String[] {"goodput", bulk.toString()});

        Path rr = dir.resolve("peers-" + tag + "-rr.png");
        series = new LinkedHashMap<>();
        for (String p : List.of("p50", "p99", "p99.9")) {
            series.put(p, t.row(sys, "rr-64B", p));
        }
        Charts.bars(rr, "64-byte request/response round trip (µs, log scale)", "µs", sys, series, true);
        out.add(new String[] {"request/response", rr.toString()});

        Path hs = dir.resolve("peers-" + tag + "-handshake.png");
        series = new LinkedHashMap<>();
        series.put("p50 (µs)", t.row(sys, "handshake", "p50"));
        series.put("p99 (µs)", t.row(sys, "handshake", "p99"));
        series.put("handshakes/s per server core", t.row(sys, "handshake", "per_server_core"));
        Charts.bars(hs, "Handshakes: latency (µs) and rate per server core (log scale)", "µs or 1/s", sys, series,
                true);
        out.add(new String[] {"handshakes", hs.toString()});

        Path idle = dir.resolve("peers-" + tag + "-idle.png");
        series = new LinkedHashMap<>();
        series.put("server", t.row(sys, "idle", "server_heap_per_connection"));
        series.put("client", t.row(sys, "idle", "client_heap_per_connection"));
        Charts.bars(idle, "Heap per idle connection (bytes)", "bytes", sys, series, false);
        out.add(new String[] {"idle heap", idle.toString()});

        Map<String, double[][]> good = new LinkedHashMap<>();
        Map<String, double[][]> lat = new LinkedHashMap<>();
        for (String s : sys) {
            List<double[]> g = new ArrayList<>();
            List<double[]> l = new ArrayList<>();
            for (String w : t.workloads) {
                if (!w.startsWith("loss-")) {
                    continue;
                }
                double loss = Double.parseDouble(w.substring(5, w.length() - 1));
                Double v = t.value(s, w, "goodput");
                Double p = t.value(s, w, "p99_latency");
                if (v != null) {
                    g.add(new double[] {loss, v});
                }
                if (p != null) {
                    l.add(new double[] {loss, p / 1000});
                }
            }
            if (!g.isEmpty()) {
                good.put(s, g.toArray(new double[0][]));
            }
            if (!l.isEmpty()) {
                lat.put(s, l.toArray(new double[0][]));
            }
        }
        if (!good.isEmpty()) {
            Path lg = dir.resolve("peers-" + tag + "-loss-goodput.png");
            Charts.lines(lg, "Goodput through the impairment proxy vs random loss", "random loss per direction (%)",
                    "Mbit/s", good, false);
            out.add(new String[] {"goodput under loss", lg.toString()});
            Path ll = dir.resolve("peers-" + tag + "-loss-p99.png");
            Charts.lines(ll, "p99 one-way message latency vs random loss (ms, log scale)",
                    "random loss per direction (%)", "ms", lat, true);
            out.add(new String[] {"p99 latency under loss", ll.toString()});
        }
        return out;
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Results indexed by system, workload and metric, with the rounds behind each median. */
    static final class Table {
        final List<String> systems = new ArrayList<>();
        final List<String> workloads = new ArrayList<>();
        private final Map<String, Result> byKey = new LinkedHashMap<>();
        private final Map<String, List<Double>> roundsByKey = new LinkedHashMap<>();
        private final Map<String, Set<String>> metrics = new LinkedHashMap<>();

        Table(List<Result> results, List<RoundResult> rounds) {
            Set<String> s = new LinkedHashSet<>();
            Set<String> w = new LinkedHashSet<>();
            for (Result r : results) {
                s.add(r.system());
                w.add(r.workload());
                byKey.put(key(r.system(), r.workload(), r.metric()), r);
                metrics.computeIfAbsent(r.workload(), k -> new LinkedHashSet<>()).add(r.metric());
            }
            for (RoundResult r : rounds) {
                roundsByKey.computeIfAbsent(key(r.system(), r.workload(), r.metric()), k -> new ArrayList<>())
                        .add(r.value());
            }
            systems.addAll(s);
            workloads.addAll(w);
        }

        private static String key(String s, String w, String m) {
            return s + "\u0000" + w + "\u0000" + m;
        }

        Double value(String system, String workload, String metric) {
            Result r = byKey.get(key(system, workload, metric));
            return r == null ? null : r.value();
        }

        boolean has(String system, String workload) {
            for (String m : metricsOf(workload)) {
                if (value(system, workload, m) != null) {
                    return true;
                }
            }
            return false;
        }

        String unit(String workload, String metric) {
            for (Result r : byKey.values()) {
                if (r.workload().equals(workload) && r.metric().equals(metric)) {
                    return r.unit();
                }
            }
            return "";
        }

        List<String> metricsOf(String workload) {
            return new ArrayList<>(metrics.getOrDefault(workload, Set.of()));
        }

        double[] row(List<String> systems, String workload, String metric) {
            double[] out = new double[systems.size()];
            for (int i = 0; i < out.length; i++) {
                Double v = value(systems.get(i), workload, metric);
                out[i] = v == null ? Double.NaN : v;
            }
            return out;
        }

        String spread(String system, String workload, String metric) {
            Double v = value(system, workload, metric);
            if (v == null) {
                return "—";
            }
            List<Double> r = roundsByKey.getOrDefault(key(system, workload, metric), List.of());
            if (r.size() < 2) {
                return fmt(v);
            }
            double min = r.stream().mapToDouble(Double::doubleValue).min().orElse(v);
            double max = r.stream().mapToDouble(Double::doubleValue).max().orElse(v);
            return fmt(v) + " [" + fmt(min) + ".." + fmt(max) + "]";
        }
    }
}
