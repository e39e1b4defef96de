package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.benchmarks.report.Charts;
import io.jetstreamproto.benchmarks.report.MarkdownSections;
import io.jetstreamproto.benchmarks.report.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The lossy-link matrix and the fairness check as a generated section of the benchmark document. */
final class LossyReport {
    private LossyReport() {}

    static void write(Path doc, Path chartsDir, String tag, List<Result> results, Map<String, Object> machine)
            throws IOException {
        PeersReport.Table t = new PeersReport.Table(results, List.of());
        Set<String> systems = new LinkedHashSet<>();
        Set<Integer> rtts = new LinkedHashSet<>();
        for (Result r : results) {
            if (r.workload().startsWith("rtt")) {
                systems.add(r.system());
                rtts.add(Integer.parseInt(r.workload().substring(3, r.workload().indexOf("ms"))));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("## Lossy-link matrix and bottleneck fairness, Java ").append(machine.get("java_feature"))
                .append(tag.contains("quick") ? " (quick smoke run: figures not meaningful)" : "")
                .append(tag.matches("java\\d+(-quick)?") ? "" : " — run " + tag).append("\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %s cores (%s), %s. JDK: %s. Commit `%s`. %s, %s s, load"
                + " average %s → %s. Link: the user-space impairment proxy (`netem.LinkProxy`), both directions"
                + " impaired alike: one-way delay RTT/2, jitter %s; random loss per direction; burst = %s. %s.",
                machine.get("cores"), machine.get("cpu"), machine.get("kernel"), machine.get("jdk"),
                machine.get("commit"), machine.get("date"), machine.get("duration_seconds"),
                machine.get("load_average_start"), machine.get("load_average_end"), machine.get("jitter"),
                machine.get("burst"), machine.get("windows"))).append("\n\n");
        @SuppressWarnings("unchecked")
        Map<String, String> described = (Map<String, String>) machine.get("systems");
        md.append("Systems:\n\n");
        for (var e : described.entrySet()) {
            md.append("- **").append(e.getKey()).append("**: ").append(e.getValue()).append('\n');
        }
        md.append("\nTLS/TCP is not in the matrix: the kernel here has no netem and a user-space TCP relay would"
                + " terminate TCP (the loss would be repaired by the relay's own TCP, not by the system measured).\n\n");
        @SuppressWarnings("unchecked")
        List<String> failures = (List<String>) machine.get("failures");
        if (failures != null && !failures.isEmpty()) {
            md.append("**Cells that failed** (no figure):\n\n");
            failures.forEach(f -> md.append("- ").append(f.replace("|", "\\|")).append('\n'));
            md.append('\n');
        }
        targets(md, t, systems);
        Path docDir = doc.toAbsolutePath().getParent();
        String[][] tables = {
            {"goodput", "Goodput (Mbit/s)"},
            {"p99_latency", "p99 one-way latency of " + LossyMain.RECORD + "-byte messages at 100 per second (µs)"},
            {"delivered", "Messages delivered before the end of the drain period (%)"},
            {"wire_bytes_per_goodput_byte", "Bytes the sender put on the link per delivered byte (headers,"
                    + " retransmissions, parity)"},
            {"parity_bytes_per_goodput_byte", "FEC parity bytes per delivered byte (JSP)"},
            {"retransmitted_bytes_per_goodput_byte", "Retransmitted stream bytes per delivered byte (Netty QUIC)"},
            {"fragments_retransmitted_per_mb", "Stream fragments retransmitted per delivered MB (JSP)"}};
        for (int rtt : rtts) {
            List<String> columns = new ArrayList<>();
            for (String w : t.workloads) {
                if (w.startsWith("rtt" + rtt + "ms-")) {
                    columns.add(w);
                }
            }
            md.append("### RTT ").append(rtt).append(" ms\n\n");
            for (String[] table : tables) {
                if (!hasAny(t, systems, columns, table[0])) {
                    continue;
                }
                md.append("**").append(table[1]).append("**\n\n| system |");
                for (String c : columns) {
                    md.append(' ').append(c.substring(c.indexOf('-') + 1)).append(" |");
                }
                md.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
                for (String s : systems) {
                    if (!hasAny(t, List.of(s), columns, table[0])) {
                        continue;
                    }
                    md.append("| ").append(s).append(" |");
                    for (String c : columns) {
                        Double v = t.value(s, c, table[0]);
                        md.append(' ').append(v == null ? "—" : PeersReport.fmt(v)).append(" |");
                    }
                    md.append('\n');
                }
                md.append('\n');
            }
            for (String[] chart : new String[][] {{"goodput", "Mbit/s", "goodput"}, {"p99_latency", "ms", "p99"}}) {
                Map<String, double[][]> series = new LinkedHashMap<>();
                for (String s : systems) {
                    List<double[]> pts = new ArrayList<>();
                    for (String c : columns) {
                        if (c.endsWith("burst")) {
                            continue;
                        }
                        Double v = t.value(s, c, chart[0]);
                        double loss = Double.parseDouble(c.substring(c.indexOf("loss") + 4, c.length() - 1));
                        if (v != null) {
                            pts.add(new double[] {loss, chart[0].equals("p99_latency") ? v / 1000 : v});
                        }
                    }
                    if (!pts.isEmpty()) {
                        series.put(s, pts.toArray(new double[0][]));
                    }
                }
                if (series.isEmpty()) {
                    continue;
                }
                Path png = chartsDir.resolve("lossy-" + tag + "-rtt" + rtt + "-" + chart[2] + ".png");
                Charts.lines(png, (chart[0].equals("goodput") ? "Goodput" : "p99 message latency") + ", RTT " + rtt
                        + " ms with jitter (log scale)", "random loss per direction (%)", chart[1], series, true);
                md.append("![").append(chart[2]).append(" at RTT ").append(rtt).append(" ms](")
                        .append(docDir.relativize(png.toAbsolutePath()).toString().replace('\\', '/'))
                        .append(")\n\n");
            }
        }
        fairness(md, t, chartsDir, tag, docDir);
        MarkdownSections.replace(doc, "lossy " + tag, md.toString(), PeersReport.HEADER);
    }

    private static boolean hasAny(PeersReport.Table t, Iterable<String> systems, List<String> workloads, String m) {
        for (String s : systems) {
            for (String w : workloads) {
                if (t.value(s, w, m) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Issue 16's targets that this run measures. */
    private static void targets(StringBuilder md, PeersReport.Table t, Set<String> systems) {
        md.append("### Issue 16 targets in this run\n\n| target | measured | met |\n|---|---|---|\n");
        String quic = systems.contains("Netty QUIC CUBIC") ? "Netty QUIC CUBIC" : null;
        String best = null;
        double bestGoodput = -1;
        for (String s : systems) {
            Double v = t.value(s, "rtt100ms-loss2%", "goodput");
            if (s.startsWith("JSP") && v != null && v > bestGoodput) {
                bestGoodput = v;
                best = s;
            }
        }
        Double q = quic == null ? null : t.value(quic, "rtt100ms-loss2%", "goodput");
        if (best != null && q != null && q > 0) {
            md.append("| 100 ms RTT, jitter, 2 % loss: goodput ≥ 2 × Netty QUIC | ").append(best).append(": ")
                    .append(PeersReport.fmt(bestGoodput / q)).append(" × (").append(PeersReport.fmt(bestGoodput))
                    .append(" vs ").append(PeersReport.fmt(q)).append(" Mbit/s) | ")
                    .append(bestGoodput >= 2 * q ? "yes" : "**no**").append(" |\n");
        }
        for (String s : systems) {
            if (!s.startsWith("JSP")) {
                continue;
            }
            Double clean = t.value(s, "rtt0ms-loss0%", "goodput");
            Double twenty = t.value(s, "rtt0ms-loss20%", "goodput");
            if (clean != null && twenty != null && clean > 0) {
                md.append("| 20 % loss on loopback: goodput ≥ 50 % of loss-free (").append(s).append(") | ")
                        .append(PeersReport.fmt(100 * twenty / clean)).append(" % | ")
                        .append(twenty >= 0.5 * clean ? "yes" : "**no**").append(" |\n");
            }
        }
        for (String w : t.workloads) {
            if (!w.startsWith("fairness-JSP")) {
                continue;
            }
            List<String> flows = List.of(pairOf(w));
            {
                Double x = t.value(flows.get(0), w, "goodput");
                Double y = t.value(flows.get(1), w, "goodput");
                if (x != null && y != null && y > 0) {
                    md.append("| shared bottleneck: ").append(flows.get(0)).append(" takes ≤ 2 × the share of ")
                            .append(flows.get(1)).append(" | ").append(PeersReport.fmt(x / y)).append(" × | ")
                            .append(x / y <= 2 ? "yes" : "**no**").append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    /** Flow A and flow B of a fairness workload "fairness-A-vs-B". */
    static String[] pairOf(String workload) {
        String pair = workload.substring("fairness-".length());
        int vs = pair.indexOf("-vs-");
        return new String[] {pair.substring(0, vs), pair.substring(vs + 4)};
    }

    private static void fairness(StringBuilder md, PeersReport.Table t, Path chartsDir, String tag, Path docDir)
            throws IOException {
        List<String> pairs = new ArrayList<>();
        for (String w : t.workloads) {
            if (w.startsWith("fairness-")) {
                pairs.add(w);
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        md.append("### Fairness: two flows through one bottleneck\n\n20 Mbit/s rate limit with a drop-tail queue of"
                + " one bandwidth-delay product (100 kB), 40 ms RTT, no random loss; both flows start together and"
                + " are measured over the same window. A fair pair splits 50/50.\n\n");
        md.append("| flow A | goodput A (Mbit/s) | share A | flow B | goodput B (Mbit/s) | share B | Jain | queue"
                + " drops |\n|---|---|---|---|---|---|---|---|\n");
        List<String> labels = new ArrayList<>();
        double[] shareA = new double[pairs.size()];
        double[] shareB = new double[pairs.size()];
        int i = 0;
        for (String w : pairs) {
            String[] f = pairOf(w);
            String a = f[0];
            String b = f[1];
            if (t.value(a, w, "goodput") == null || t.value(b, w, "goodput") == null) {
                continue;
            }
            md.append("| ").append(a).append(" | ").append(PeersReport.fmt(t.value(a, w, "goodput"))).append(" | ")
                    .append(PeersReport.fmt(t.value(a, w, "share"))).append(" | ").append(b).append(" | ")
                    .append(PeersReport.fmt(t.value(b, w, "goodput"))).append(" | ")
                    .append(PeersReport.fmt(t.value(b, w, "share"))).append(" | ")
                    .append(PeersReport.fmt(t.value(a, w, "jain_index"))).append(" | ")
                    .append(PeersReport.fmt(t.value(a, w, "bottleneck_drops"))).append(" |\n");
            labels.add(a + " vs " + b);
            shareA[i] = t.value(a, w, "share");
            shareB[i] = t.value(b, w, "share");
            i++;
        }
        md.append('\n');
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("flow A", java.util.Arrays.copyOf(shareA, labels.size()));
        series.put("flow B", java.util.Arrays.copyOf(shareB, labels.size()));
        Path png = chartsDir.resolve("lossy-" + tag + "-fairness.png");
        Charts.bars(png, "Share of a 20 Mbit/s bottleneck (fair = 0.5)", "share", labels, series, false);
        md.append("![fairness](").append(docDir.relativize(png.toAbsolutePath()).toString().replace('\\', '/'))
                .append(")\n\n");
    }
}
