package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.transport.internal.TransportResources;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The transport figures of issue 4, measured on loopback in one run, each next to a baseline from the same run:
 * bulk throughput (vs raw Netty UDP), 64-byte request/response RTT (vs raw Netty UDP ping-pong), handshake latency
 * (vs the handshake cryptography alone) and heap per idle connection. Rounds alternate JSP and baseline so machine
 * noise hits both alike; the summary gives the median over rounds and the spread.
 *
 * <pre>
 * java -Xmx4g -cp jsp-benchmarks/target/jsp-benchmarks.jar io.jetstreamproto.benchmarks.transport.TransportFigures
 * </pre>
 */
@Command(name = "transport-figures", mixinStandardHelpOptions = true,
        description = "Loopback transport figures of JSP with same-run baselines.")
public final class TransportFigures implements Callable<Integer> {
    enum Figure { throughput, rtt, handshake, heap }

    @Option(names = "--figures", split = ",", description = "Which figures (default: ${DEFAULT-VALUE}).",
            defaultValue = "throughput,rtt,handshake,heap")
    EnumSet<Figure> figures;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds of throughput, RTT and handshake (JSP and baseline alternate). Default ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--json", description = "Also print the results as JSON after the human-readable text.")
    boolean json;

    @Option(names = "--json-file", description = "Write the JSON to this file.")
    Path jsonFile;

    @Option(names = "--bulk-mib", defaultValue = "128", description = "MiB per bulk transfer (${DEFAULT-VALUE}).")
    long bulkMib;

    @Option(names = "--bulk-warmup-mib", defaultValue = "32", description = "Warm-up transfer MiB (${DEFAULT-VALUE}).")
    long bulkWarmupMib;

    @Option(names = "--message-size", defaultValue = "65536", description = "JSP message size (${DEFAULT-VALUE}).")
    int messageSize;

    @Option(names = "--datagram-size", defaultValue = "1200",
            description = "Raw UDP datagram size (${DEFAULT-VALUE}, JSP's default maxDatagramSize).")
    int datagramSize;

    @Option(names = "--skip-baselines", description = "Measure JSP only (for profiling).")
    boolean skipBaselines;

    @Option(names = "--bulk-timeout", defaultValue = "120", description = "Seconds per transfer at most.")
    long bulkTimeout;

    @Option(names = "--rtt-size", defaultValue = "64", description = "Request size (${DEFAULT-VALUE}).")
    int rttSize;

    @Option(names = "--rtt-samples", defaultValue = "20000", description = "Measured RTTs per round (${DEFAULT-VALUE}).")
    int rttSamples;

    @Option(names = "--rtt-warmup", defaultValue = "5000", description = "Warm-up RTTs per round (${DEFAULT-VALUE}).")
    int rttWarmup;

    @Option(names = "--handshakes", defaultValue = "300", description = "Measured handshakes per round (${DEFAULT-VALUE}).")
    int handshakes;

    @Option(names = "--handshake-warmup", defaultValue = "50", description = "Warm-up handshakes (${DEFAULT-VALUE}).")
    int handshakeWarmup;

    @Option(names = "--connections", defaultValue = "10000", description = "Idle connections (${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--batch", defaultValue = "200", description = "Connections opened concurrently (${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--heap-warm", defaultValue = "200",
            description = "Connections opened before the first heap reading (${DEFAULT-VALUE}).")
    int heapWarm;

    @Option(names = "--heap-mode", defaultValue = "both",
            description = "same (client+server in this JVM), split (server in a child JVM) or both (${DEFAULT-VALUE}).")
    String heapMode;

    @Option(names = "--server-heap", defaultValue = "2g", description = "-Xmx of the split-mode server JVM.")
    String serverHeap;

    @Option(names = "--histo-top", defaultValue = "8",
            description = "Classes of the per-connection heap breakdown (jcmd GC.class_histogram); 0 = none.")
    int histoTop;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        int code = new CommandLine(new TransportFigures()).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        Json.Obj root = new Json.Obj();
        Json.Obj env = new Json.Obj()
                .put("date", Instant.now().toString())
                .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20)
                .put("netty_transport", transportName())
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        root.put("environment", env);
        out.printf("JSP transport figures on loopback — %s, %d cores, %s, -Xmx%dm%n", env.get("java"),
                Runtime.getRuntime().availableProcessors(), transportName(),
                Runtime.getRuntime().maxMemory() >> 20);
        if (figures.contains(Figure.throughput)) {
            root.put("throughput", throughput());
        }
        if (figures.contains(Figure.rtt)) {
            root.put("rtt", rtt());
        }
        if (figures.contains(Figure.handshake)) {
            root.put("handshake", handshake());
        }
        if (figures.contains(Figure.heap)) {
            root.put("heap", heap());
        }
        String text = root.toString();
        if (json) {
            out.println();
            out.println(text);
        }
        if (jsonFile != null) {
            Files.writeString(jsonFile, text + "\n", StandardCharsets.UTF_8);
        }
        return 0;
    }

    private Json.Obj throughput() throws Exception {
        long bytes = bulkMib << 20;
        out.printf("%n[1] Bulk throughput: %d MiB of %d-byte messages on one RELIABLE stream (blocking send) vs raw"
                + " Netty UDP, %d-byte datagrams (delivered bytes at the receiver)%n", bulkMib, messageSize,
                datagramSize);
        if (bulkWarmupMib > 0) {
            BulkThroughput.jsp(bulkWarmupMib << 20, messageSize, bulkTimeout);
            if (!skipBaselines) {
                BulkThroughput.rawNetty(bulkWarmupMib << 20, datagramSize, bulkTimeout);
            }
        }
        Json.Arr runs = new Json.Arr();
        double[] jsp = new double[rounds];
        double[] raw = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Json.Obj j = BulkThroughput.jsp(bytes, messageSize, bulkTimeout);
            Json.Obj n = skipBaselines ? new Json.Obj().put("mbit_s", 0.0)
                    : BulkThroughput.rawNetty(bytes, datagramSize, bulkTimeout);
            jsp[r] = (double) j.get("mbit_s");
            raw[r] = (double) n.get("mbit_s");
            ratio[r] = raw[r] == 0 ? Double.NaN : jsp[r] / raw[r];
            out.printf("  round %d: JSP %7.1f Mbit/s (%.2f s, %d packets, %d lost, %d fragments resent, %.2f ACK"
                    + " packets per data packet, CPU %.2f cores, %.1f µs/packet) | raw UDP %7.1f Mbit/s delivered (%.1f%% lost, sender %.0f Mbit/s, CPU %.2f"
                    + " cores, %.1f µs/datagram) | JSP/raw %.3f%n",
                    r + 1, jsp[r], j.get("seconds"), j.get("packets_sent"), j.get("packets_lost"),
                    j.get("fragments_retransmitted"), j.get("receiver_packets_per_data_packet"), j.get("process_cpu_cores"), j.get("process_cpu_us_per_packet"),
                    raw[r], n.get("loss_percent"), n.get("sent_mbit_s"), n.get("process_cpu_cores"),
                    n.get("process_cpu_us_per_packet"), ratio[r]);
            runs.add(new Json.Obj().put("jsp", j).put("raw_netty_udp", n).put("ratio", Loopback.round(ratio[r], 4)));
        }
        Json.Obj s = summary(jsp, raw, ratio, "Mbit/s", 1);
        out.printf("  => JSP %s Mbit/s, raw UDP %s Mbit/s, JSP/raw %s (median [min..max] over %d rounds)%n",
                s.get("jsp_text"), s.get("baseline_text"), s.get("ratio_text"), rounds);
        return new Json.Obj().put("bytes", bytes).put("message_size", messageSize)
                .put("datagram_size", datagramSize).put("rounds", runs).put("summary", s);
    }

    private Json.Obj rtt() throws Exception {
        out.printf("%n[2] Request/response RTT: %d-byte request, echoed; %d samples after %d warm-up, per round%n",
                rttSize, rttSamples, rttWarmup);
        Json.Arr runs = new Json.Arr();
        double[] jsp50 = new double[rounds];
        double[] raw50 = new double[rounds];
        double[] r50 = new double[rounds];
        double[] jsp99 = new double[rounds];
        double[] raw99 = new double[rounds];
        double[] r99 = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Json.Obj j = EchoRtt.jsp(rttSize, rttWarmup, rttSamples);
            Json.Obj n = skipBaselines ? new Json.Obj().put("p50_us", 0.0).put("p99_us", 0.0)
                    : EchoRtt.rawNetty(rttSize, rttWarmup, rttSamples);
            jsp50[r] = (double) j.get("p50_us");
            raw50[r] = (double) n.get("p50_us");
            jsp99[r] = (double) j.get("p99_us");
            raw99[r] = (double) n.get("p99_us");
            r50[r] = jsp50[r] / raw50[r];
            r99[r] = jsp99[r] / raw99[r];
            out.printf("  round %d: JSP p50 %7.1f µs p99 %7.1f µs p99.9 %7.1f µs | raw UDP p50 %7.1f µs p99 %7.1f µs"
                    + " p99.9 %7.1f µs | ratio p50 %.2f p99 %.2f%n", r + 1, jsp50[r], jsp99[r], j.get("p99_9_us"),
                    raw50[r], raw99[r], n.get("p99_9_us"), r50[r], r99[r]);
            runs.add(new Json.Obj().put("jsp", j).put("raw_netty_udp", n));
        }
        Json.Obj p50 = summary(jsp50, raw50, r50, "µs", 1);
        Json.Obj p99 = summary(jsp99, raw99, r99, "µs", 1);
        out.printf("  => p50: JSP %s µs, raw %s µs, ratio %s%n", p50.get("jsp_text"), p50.get("baseline_text"),
                p50.get("ratio_text"));
        out.printf("  => p99: JSP %s µs, raw %s µs, ratio %s%n", p99.get("jsp_text"), p99.get("baseline_text"),
                p99.get("ratio_text"));
        return new Json.Obj().put("size", rttSize).put("rounds", runs).put("p50", p50).put("p99", p99);
    }

    private Json.Obj handshake() throws Exception {
        out.printf("%n[3] Handshake latency: connectAsync -> connected, sequential, %d after %d warm-up, per round;"
                + " baseline: both sides' handshake cryptography alone (no I/O)%n", handshakes, handshakeWarmup);
        Json.Arr runs = new Json.Arr();
        double[] jsp50 = new double[rounds];
        double[] cpu50 = new double[rounds];
        double[] r50 = new double[rounds];
        double[] jsp99 = new double[rounds];
        double[] cpu99 = new double[rounds];
        double[] r99 = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            Json.Obj j = HandshakeLatency.jsp(r == 0 ? handshakeWarmup : 10, handshakes);
            Json.Obj c = HandshakeLatency.cryptoOnly(r == 0 ? handshakeWarmup : 10, handshakes);
            jsp50[r] = (double) j.get("p50_us");
            cpu50[r] = (double) c.get("p50_us");
            jsp99[r] = (double) j.get("p99_us");
            cpu99[r] = (double) c.get("p99_us");
            r50[r] = jsp50[r] / cpu50[r];
            r99[r] = jsp99[r] / cpu99[r];
            out.printf("  round %d: JSP p50 %7.1f µs p99 %7.1f µs max %7.1f µs | crypto only p50 %7.1f µs p99 %7.1f µs"
                    + " | ratio p50 %.2f%n", r + 1, jsp50[r], jsp99[r], j.get("max_us"), cpu50[r], cpu99[r], r50[r]);
            runs.add(new Json.Obj().put("jsp", j).put("crypto_only", c));
        }
        Json.Obj p50 = summary(jsp50, cpu50, r50, "µs", 1);
        Json.Obj p99 = summary(jsp99, cpu99, r99, "µs", 1);
        out.printf("  => p50: JSP %s µs, crypto only %s µs, ratio %s%n", p50.get("jsp_text"),
                p50.get("baseline_text"), p50.get("ratio_text"));
        out.printf("  => p99: JSP %s µs, crypto only %s µs, ratio %s%n", p99.get("jsp_text"),
                p99.get("baseline_text"), p99.get("ratio_text"));
        return new Json.Obj().put("rounds", runs).put("p50", p50).put("p99", p99);
    }

    private Json.Obj heap() throws Exception {
        long maxFds = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            maxFds = u.getMaxFileDescriptorCount();
        }
        out.printf("%n[4] Heap per idle connection: %d connections in batches of %d (+%d warm-up before the first"
                + " reading); open files limit %d%n", connections, batch, heapWarm, maxFds);
        if (maxFds > 0 && maxFds < connections + heapWarm + 500L) {
            out.printf("  !! each client needs its own UDP socket: raise the limit (ulimit -n 65536) or lower"
                    + " --connections%n");
        }
        Json.Obj result = new Json.Obj().put("open_files_limit", maxFds);
        List<String> modes = heapMode.equals("both") ? List.of("split", "same") : List.of(heapMode);
        for (String mode : modes) {
            Json.Obj r = mode.equals("split")
                    ? IdleHeap.split(connections, batch, heapWarm, histoTop, serverHeap)
                    : IdleHeap.sameJvm(connections, batch, heapWarm, histoTop);
            result.put(mode, r);
            out.printf("  %s: %d connected in %s s (%s failed)%n", r.get("mode"), r.get("connections"),
                    r.get("connect_seconds"), r.get("connect_failures"));
            for (String side : mode.equals("split") ? List.of("server_", "client_") : List.of("client_plus_server_")) {
                out.printf("    %-20s heap %s -> %s MiB: %s bytes/connection (+ Netty pooled %s, JDK direct %s"
                        + " bytes/connection)%n", side.replace('_', ' ').trim(), r.get(side + "heap_before_mib"),
                        r.get(side + "heap_after_mib"), r.get(side + "heap_bytes_per_connection"),
                        r.get(side + "netty_pooled_bytes_per_connection"),
                        r.get(side + "direct_pool_bytes_per_connection"));
                if (r.get(side + "top_classes") instanceof Json.Arr a) {
                    for (Object o : a.items) {
                        Json.Obj c = (Json.Obj) o;
                        out.printf("        %8s B  %6s x  %s%n", c.get("bytes_per_connection"),
                                c.get("instances_per_connection"), c.get("class"));
                    }
                }
            }
            if (mode.equals("split")) {
                out.printf("    client + server: %s bytes/connection%n",
                        r.get("client_plus_server_heap_bytes_per_connection"));
            }
        }
        return result;
    }

    private static Json.Obj summary(double[] jsp, double[] base, double[] ratio, String unit, int digits) {
        return new Json.Obj()
                .put("unit", unit)
                .put("jsp_median", Loopback.round(Loopback.median(jsp), digits))
                .put("baseline_median", Loopback.round(Loopback.median(base), digits))
                .put("ratio_median", Loopback.round(Loopback.median(ratio), 3))
                .put("jsp_text", spread(jsp, digits))
                .put("baseline_text", spread(base, digits))
                .put("ratio_text", spread(ratio, 3));
    }

    private static String spread(double[] v, int digits) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        String f = "%." + digits + "f";
        return String.format(f, Loopback.median(v)) + (v.length > 1
                ? " [" + String.format(f, min) + ".." + String.format(f, max) + "]" : "");
    }


    private static String transportName() {
        TransportResources r = TransportResources.acquireShared();
        try {
            return r.transportName();
        } finally {
            r.release();
        }
    }
}
