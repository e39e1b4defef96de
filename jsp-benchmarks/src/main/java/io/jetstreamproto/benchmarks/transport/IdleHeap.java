package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ListenerConfig;
import io.jetstreamproto.transport.RetryPolicy;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Figure 4: heap per idle connection. Opens {@code n} client connections (each with its own UDP socket) to one
 * listener, in batches, then compares used heap after full GCs with the reading before. In "split" mode the listener
 * runs in a child JVM ({@link Server}), so the client side (this JVM) and the server side (the child) are measured
 * separately; in "same" mode both live in this JVM, as the issue asks. A warm-up batch is opened before the first
 * reading so class loading, JIT and allocator arenas are not charged to the connections.
 */
final class IdleHeap {
    private IdleHeap() {}

    /** Both sides in this JVM: heap delta per connection for client + server together. */
    static Json.Obj sameJvm(int n, int batch, int warm, int histoTop) throws Exception {
        ListenerConfig endpoint = ListenerConfig.defaults().withMaxConnections(n + warm + 100);
        try (Listener server = Loopback.listen(ConnectionConfig.defaults(), endpoint)) {
            server.onConnection(peer -> { });
            List<Connection> clients = new ArrayList<>();
            Json.Obj out = new Json.Obj().put("mode", "same-jvm");
            try {
                connect(server.localAddress(), warm, batch, clients, out, "warm_");
                Thread.sleep(500);
                Snapshot before = Snapshot.take(histoTop > 0);
                long t0 = System.nanoTime();
                int ok = connect(server.localAddress(), n, batch, clients, out, "");
                out.put("connect_seconds", Loopback.round((System.nanoTime() - t0) / 1e9, 1));
                Thread.sleep(1000);
                Snapshot after = Snapshot.take(histoTop > 0);
                out.put("connections", ok).put("server_connections", server.stats().connections());
                after.describe(before, ok, "client_plus_server_", out, histoTop);
                return out;
            } finally {
                closeAll(clients);
            }
        }
    }

    /** Listener in a child JVM: client side measured here, server side there. */
    static Json.Obj split(int n, int batch, int warm, int histoTop, String childHeap) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx" + childHeap, "-cp", System.getProperty("java.class.path"),
                Server.class.getName(), String.valueOf(n + warm + 100));
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintStream ctl = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        List<Connection> clients = new ArrayList<>();
        Json.Obj out = new Json.Obj().put("mode", "split (server in a child JVM, -Xmx" + childHeap + ")");
        try {
            String first = in.readLine();
            if (first == null || !first.startsWith("PORT ")) {
                throw new IllegalStateException("server child did not start: " + first);
            }
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(first.substring(5).trim()));
            connect(server, warm, batch, clients, out, "warm_");
            Thread.sleep(500);
            Snapshot clientBefore = Snapshot.take(histoTop > 0);
            ctl.println("MEASURE");
            Snapshot serverBefore = Snapshot.parse(in.readLine(), child.pid(), histoTop > 0);
            long t0 = System.nanoTime();
            int ok = connect(server, n, batch, clients, out, "");
            out.put("connect_seconds", Loopback.round((System.nanoTime() - t0) / 1e9, 1));
            Thread.sleep(1000);
            Snapshot clientAfter = Snapshot.take(histoTop > 0);
            ctl.println("MEASURE");
            Snapshot serverAfter = Snapshot.parse(in.readLine(), child.pid(), histoTop > 0);
            out.put("connections", ok).put("server_connections", serverAfter.connections);
            serverAfter.describe(serverBefore, ok, "server_", out, histoTop);
            clientAfter.describe(clientBefore, ok, "client_", out, histoTop);
            long total = (serverAfter.heap - serverBefore.heap) + (clientAfter.heap - clientBefore.heap);
            out.put("client_plus_server_heap_bytes_per_connection", ok == 0 ? 0 : total / ok);
            return out;
        } finally {
            closeAll(clients);
            ctl.close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroy();
            }
        }
    }

    private static int connect(InetSocketAddress server, int n, int batch, List<Connection> into, Json.Obj out,
            String prefix) throws InterruptedException {
        ConnectionConfig config = ConnectionConfig.defaults();
        ServerTrust trust = ServerTrust.insecureAcceptAnyServerKey(); // the server is in another JVM; keys irrelevant
        int ok = 0;
        int failed = 0;
        String firstError = null;
        for (int done = 0; done < n; done += batch) {
            List<CompletableFuture<Connection>> fs = new ArrayList<>();
            for (int i = done; i < Math.min(n, done + batch); i++) {
                fs.add(Connection.connectAsync(server, config, trust));
            }
            for (CompletableFuture<Connection> f : fs) {
                try {
                    into.add(f.get(60, TimeUnit.SECONDS));
                    ok++;
                } catch (ExecutionException | TimeoutException e) {
                    failed++;
                    if (firstError == null) {
                        firstError = String.valueOf(e.getCause() == null ? e : e.getCause());
                    }
                }
            }
        }
        out.put(prefix + "connect_failures", failed);
        if (firstError != null) {
            out.put(prefix + "first_error", firstError);
        }
        return ok;
    }

    private static void closeAll(List<Connection> clients) {
        for (Connection c : clients) {
            c.close();
        }
        for (Connection c : clients) {
            try {
                c.closeFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // best effort
            }
        }
    }

    /** Used heap (after GC), Netty pooled bytes, JDK direct pool bytes and optionally a class histogram. */
    static final class Snapshot {
        final long heap;
        final long pooled;
        final long direct;
        final int connections;
        final Map<String, long[]> histogram;

        Snapshot(long heap, long pooled, long direct, int connections, Map<String, long[]> histogram) {
            this.heap = heap;
            this.pooled = pooled;
            this.direct = direct;
            this.connections = connections;
            this.histogram = histogram;
        }

        static Snapshot take(boolean histo) throws Exception {
            long heap = Loopback.usedHeapAfterGc();
            return new Snapshot(heap, Loopback.nettyPooledBytes(), Loopback.directPoolBytes(), -1,
                    histo ? classHistogram(ProcessHandle.current().pid()) : null);
        }

        /** "HEAP used pooled direct connections" from the child. */
        static Snapshot parse(String line, long pid, boolean histo) throws Exception {
            if (line == null || !line.startsWith("HEAP ")) {
                throw new IllegalStateException("server child answered " + line);
            }
            String[] f = line.split(" ");
            return new Snapshot(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Integer.parseInt(f[4]), histo ? classHistogram(pid) : null);
        }

        void describe(Snapshot before, int n, String prefix, Json.Obj out, int top) {
            long d = Math.max(1, n);
            out.put(prefix + "heap_before_mib", Loopback.round(before.heap / 1048576.0, 1));
            out.put(prefix + "heap_after_mib", Loopback.round(heap / 1048576.0, 1));
            out.put(prefix + "heap_bytes_per_connection", (heap - before.heap) / d);
            out.put(prefix + "netty_pooled_bytes_per_connection", (pooled - before.pooled) / d);
            out.put(prefix + "direct_pool_bytes_per_connection", (direct - before.direct) / d);
            if (histogram != null && before.histogram != null && top > 0) {
                List<Map.Entry<String, long[]>> deltas = new ArrayList<>();
                for (Map.Entry<String, long[]> e : histogram.entrySet()) {
                    long[] b = before.histogram.getOrDefault(e.getKey(), new long[2]);
                    deltas.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
                }
                deltas.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
                Json.Arr arr = new Json.Arr();
                for (int i = 0; i < Math.min(top, deltas.size()); i++) {
                    var e = deltas.get(i);
                    arr.add(new Json.Obj().put("class", e.getKey())
                            .put("instances_per_connection", Loopback.round(e.getValue()[0] / (double) d, 2))
                            .put("bytes_per_connection", e.getValue()[1] / d));
                }
                out.put(prefix + "top_classes", arr);
            }
        }
    }

    /** {@code jcmd <pid> GC.class_histogram} (a full GC, live objects only) as class to {instances, bytes}. */
    static Map<String, long[]> classHistogram(long pid) throws Exception {
        String javaHome = System.getProperty("java.home");
        Process p = new ProcessBuilder(javaHome + "/bin/jcmd", String.valueOf(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        Map<String, long[]> m = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":") && !f[0].equals("Total")) {
                    try {
                        m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                    } catch (NumberFormatException e) {
                        // header line
                    }
                }
            }
        }
        p.waitFor(60, TimeUnit.SECONDS);
        return m;
    }

    /** The child JVM of split mode: a listener that reports its heap on "MEASURE" and exits when stdin closes. */
    public static final class Server {
        public static void main(String[] args) throws Exception {
            int max = Integer.parseInt(args[0]);
            ListenerConfig endpoint = ListenerConfig.defaults().withMaxConnections(max);
            try (Listener server = Loopback.listen(ConnectionConfig.defaults(), endpoint)) {
                server.onConnection(peer -> { });
                System.out.println("PORT " + server.localAddress().getPort());
                System.out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("MEASURE")) {
                        long heap = Loopback.usedHeapAfterGc();
                        System.out.println("HEAP " + heap + " " + Loopback.nettyPooledBytes() + " "
                                + Loopback.directPoolBytes() + " " + server.stats().connections());
                        System.out.flush();
                    }
                }
            }
        }
    }
}
