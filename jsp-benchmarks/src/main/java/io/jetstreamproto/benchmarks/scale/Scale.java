package io.jetstreamproto.benchmarks.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerKeys;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jsp-benchmarks/scale.sh}: how many connections one server holds, idle or live, with default settings. The
 * server runs in a child JVM ({@link ScaleServer}); the clients share one client {@link Endpoint} in this JVM. The
 * last line of the output is one JSON object with {@code connections_requested, connections_open, deaths,
 * handshake_failures, server_heap_bytes_per_conn, client_heap_bytes_per_conn, rtt_p50_ms, rtt_p99_ms}.
 */
@Command(name = "scale.sh", mixinStandardHelpOptions = true,
        description = "Opens many connections to one server (in a child JVM) and keeps them idle or live.")
public final class Scale implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--connections", required = true, description = "connections to open")
    int connections;

    @Option(names = "--duration", required = true, description = "seconds to hold them open once all are open")
    int durationSeconds;

    @Option(names = "--live-rate", defaultValue = "0",
            description = "messages per second per connection, echoed by the server (0 = idle)")
    double liveRate;

    @Option(names = "--handshake-burst", defaultValue = "1000",
            description = "connects started at once; the next burst starts when this one has finished")
    int burst;

    @Option(names = "--retry", defaultValue = "on-load", description = "server retry policy: always, on-load, never")
    String retry;

    @Option(names = "--server-heap", defaultValue = "6g", description = "-Xmx of the server JVM")
    String serverHeap;

    @Option(names = "--warmup", defaultValue = "10",
            description = "live runs: seconds of sending before RTTs count (JIT compilation of the message path on "
                    + "two cores delays the first seconds' echoes by up to seconds); reported separately")
    int warmupSeconds;

    @Option(names = "--rtt-sample", defaultValue = "1000",
            description = "idle runs: connections that echo one message at the end to measure the RTT")
    int rttSample;

    private final PrintStream out;

    public Scale() {
        this(System.out);
    }

    /** A run whose progress and result (the last line) go to {@code out}. */
    public Scale(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Scale()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String policy = switch (retry) {
            case "always" -> "ALWAYS";
            case "on-load" -> "UNDER_LOAD";
            case "never" -> "NEVER";
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--retry must be always, on-load or never");
        };
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-Xms" + serverHeap, "-Xmx" + serverHeap,
                gcOption(), "-cp", System.getProperty("java.class.path"), ScaleServer.class.getName(), policy,
                String.valueOf(connections + 1000)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader fromServer = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
                PrintWriter toServer = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String[] ready = fromServer.readLine().split(" ", 3);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(ready[1]));
            ServerTrust trust = ServerTrust.pinned(ServerKeys.parse(ready[2]));
            long serverBase = heap(toServer, fromServer);
            long clientBase = ScaleServer.usedHeapAfterGc();
            try (Endpoint endpoint = Endpoint.builder().build()) {
                return run(endpoint, address, trust, toServer, fromServer, serverBase, clientBase);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int run(Endpoint endpoint, InetSocketAddress address, ServerTrust trust, PrintWriter toServer,
            BufferedReader fromServer, long serverBase, long clientBase) throws Exception {
        ConnectionConfig config = ConnectionConfig.defaults();
        List<Connection> open = new ArrayList<>(connections);
        AtomicLong deaths = new AtomicLong();
        java.util.concurrent.ConcurrentHashMap<String, Long> deathReasons = new java.util.concurrent.ConcurrentHashMap<>();
        long failures = 0;
        long t0 = System.nanoTime();
        for (int started = 0; started < connections; ) {
            int n = Math.min(burst, connections - started);
            List<CompletableFuture<Connection>> wave = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                wave.add(endpoint.connectAsync(address, config, trust, null));
            }
            started += n;
            for (CompletableFuture<Connection> f : wave) {
                try {
                    open.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures++;
                    if (failures <= 5) {
                        out.println("handshake failure: " + e.getCause().getMessage());
                    }
                }
            }
            out.printf(Locale.ROOT, "%,d of %,d open, %,d failed, %.1f s%n", open.size(), connections, failures,
                    (System.nanoTime() - t0) / 1e9);
        }
        Recorder rtts = new Recorder(3);
        Recorder window = new Recorder(3); // the last report interval's RTTs
        AtomicLong measureFrom = new AtomicLong(Long.MIN_VALUE / 2); // messages sent before this are warm-up
        long[] streams = new long[open.size()];
        for (int i = 0; i < open.size(); i++) {
            Connection c = open.get(i);
            c.closeFuture().whenComplete((info, e) -> {
                deaths.incrementAndGet();
                String why = info == null ? String.valueOf(e)
                        : info.reason() + ": " + info.phrase().replaceAll("[0-9]+", "N");
                deathReasons.merge(why, 1L, Long::sum);
            });
            c.onMessageBuffer((stream, data) -> {
                try {
                    long sentAt = data.getLong(data.readerIndex());
                    long rtt = System.nanoTime() - sentAt;
                    window.recordValue(Math.max(0, rtt / 1000));
                    if (sentAt - measureFrom.get() >= 0) { // echoes of warm-up messages do not count
                        rtts.recordValue(Math.max(0, rtt / 1000));
                    }
                } finally {
                    data.release();
                }
            });
            try {
                streams[i] = c.openStream(DeliveryMode.RELIABLE, Priority.CHAT).id();
            } catch (java.io.IOException e) {
                streams[i] = -1; // died since it opened: counted in deaths by its close future
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
        if (liveRate > 0 && !open.isEmpty()) {
            long gap = (long) (1e9 / (liveRate * open.size()));
            long next = System.nanoTime();
            long t1 = System.nanoTime();
            long report = t1 + TimeUnit.SECONDS.toNanos(10);
            long warmupEnd = t1 + TimeUnit.SECONDS.toNanos(warmupSeconds);
            measureFrom.set(warmupEnd);
            end += warmupEnd - t1; // the measured time comes after the warm-up
            boolean warm = warmupSeconds == 0;
            for (int i = 0; System.nanoTime() < end; i = (i + 1) % open.size()) {
                if (!warm && System.nanoTime() - warmupEnd >= 0) {
                    warm = true;
                    rtts.reset(); // nothing sent before this counts (echoes of warm-up messages are skipped too)
                    out.printf(Locale.ROOT, "warm-up over (%d s): from here on RTTs count%n", warmupSeconds);
                }
                if (i == 0 && System.nanoTime() - report >= 0) {
                    report += TimeUnit.SECONDS.toNanos(10);
                    var w = window.getIntervalHistogram();
                    out.printf(Locale.ROOT, "live: %.0f s, %,d deaths, RTT in the last 10 s: p50 %.2f ms, p99 %.2f ms,"
                            + " max %.1f ms (%,d echoes)%n", (System.nanoTime() - t1) / 1e9, deaths.get(),
                            w.getValueAtPercentile(50) / 1000.0, w.getValueAtPercentile(99) / 1000.0,
                            w.getMaxValue() / 1000.0, w.getTotalCount());
                }
                send(open.get(i), streams[i]);
                next += gap;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } else {
            long t1 = System.nanoTime();
            long report = t1 + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(Math.min(1_000_000_000L, end - System.nanoTime()));
                if (System.nanoTime() - report >= 0) {
                    report += TimeUnit.SECONDS.toNanos(10);
                    out.printf(Locale.ROOT, "holding: %.0f s, %,d open, %,d deaths%n", (System.nanoTime() - t1) / 1e9,
                            open.stream().filter(Connection::isOpen).count(), deaths.get());
                }
            }
            for (int i = 0; i < Math.min(rttSample, open.size()); i++) {
                int k = (int) ((long) i * open.size() / Math.min(rttSample, open.size()));
                send(open.get(k), streams[k]);
                LockSupport.parkNanos(1_000_000L);
            }
        }
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // the last echoes come back
        var h = rtts.getIntervalHistogram();
        if (h.getTotalCount() > 0) {
            out.printf(Locale.ROOT, "RTT: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms (%,d echoes)%n",
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                    h.getMaxValue() / 1000.0, h.getTotalCount());
        }
        long alive = open.stream().filter(Connection::isOpen).count();
        long deathsInRun = deaths.get();
        out.println("deaths by reason: " + deathReasons);
        // Heap after the run, with every surviving connection still open: a full collection stalls all of a JVM's
        // connections for seconds on two busy cores, which is a test of its own, not part of the idle hold.
        long gc0 = System.nanoTime();
        long serverPerConn = (heap(toServer, fromServer) - serverBase) / Math.max(1, alive);
        long gc1 = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(20)); // two stalls 20 s apart, not one as long as both
        long gc2 = System.nanoTime();
        long clientPerConn = (ScaleServer.usedHeapAfterGc() - clientBase) / Math.max(1, alive);
        out.printf(Locale.ROOT, "heap per connection: server %,d B, client %,d B (full collections took %.1f s and "
                + "%.1f s)%n", serverPerConn, clientPerConn, (gc1 - gc0) / 1e9, (System.nanoTime() - gc2) / 1e9);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(20));
        out.printf(Locale.ROOT, "after the collections: %,d more deaths; by reason: %s%n", deaths.get() - deathsInRun,
                deathReasons);
        toServer.println("STATS");
        out.println("server: " + fromServer.readLine());
        ObjectNode result = new ObjectMapper().createObjectNode()
                .put("connections_requested", connections)
                .put("connections_open", alive)
                .put("deaths", deathsInRun)
                .put("handshake_failures", failures)
                .put("server_heap_bytes_per_conn", serverPerConn)
                .put("client_heap_bytes_per_conn", clientPerConn)
                .put("rtt_p50_ms", h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(50) / 1000.0)
                .put("rtt_p99_ms", h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(99) / 1000.0);
        for (Connection c : open) {
            c.close();
        }
        out.println(result);
        return 0;
    }

    private static void send(Connection c, long stream) {
        if (stream < 0 || !c.isOpen()) {
            return;
        }
        ByteBuf m = PooledByteBufAllocator.DEFAULT.buffer(16).writeLong(System.nanoTime()).writeLong(stream);
        c.sendAsync(stream, m);
    }

    /** The collector of this JVM (scale.sh's SCALE_GC), for the server JVM too. */
    private static String gcOption() {
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:+Use") && arg.endsWith("GC")) {
                return arg;
            }
        }
        return "-XX:+UseParallelGC";
    }

    private static long heap(PrintWriter toServer, BufferedReader fromServer) throws java.io.IOException {
        toServer.println("HEAP");
        String line = fromServer.readLine();
        while (line != null && !line.startsWith("HEAP ")) {
            line = fromServer.readLine();
        }
        if (line == null) {
            throw new IllegalStateException("the server JVM ended");
        }
        return Long.parseLong(line.split(" ")[1]);
    }
}
