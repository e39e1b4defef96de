package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.endpoint.DatagramEndpoint;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Retained heap per idle connection, server and client side, without sockets: one {@link DatagramEndpoint} and
 * {@code N} client {@link ConnectionEngine}s exchange datagrams in memory on a virtual clock, with the default
 * configuration (heartbeats every 5 s), for {@code --idle-seconds} of virtual time after the handshakes. Then:
 * used heap after full GCs with everything alive, again with the {@code N} clients dropped (the server side
 * alone), against a baseline taken after a warm-up batch. Deterministic in what it builds (the virtual clock and
 * the fixed N); the GC reading itself varies by a few hundred bytes per connection between runs.
 *
 * <pre>
 * java -cp jsp-benchmarks/target/jsp-benchmarks.jar io.jetstreamproto.benchmarks.path.IdleConnectionHeap \
 *     [--connections 2000] [--warm 200] [--idle-seconds 30] [--histogram 15] [--heartbeat-ms 5000] [--breakdown 4]
 * </pre>
 * {@code --histogram K} prints the top K classes of {@code jcmd GC.class_histogram} deltas per connection;
 * {@code --breakdown D} a field-path breakdown of one server and one client connection (see {@link HeapWalker};
 * give the JVM {@code --add-opens} for java.base packages to see into JDK objects).
 * The last line printed is one JSON object.
 */
public final class IdleConnectionHeap {
    static final java.net.InetSocketAddress SERVER_ADDRESS = new java.net.InetSocketAddress("10.0.0.2", 4433);
    private static final long STEP_NANOS = 50_000_000L;

    private final DatagramEndpoint server;
    private final ConnectionConfig config;
    private final ServerTrust trust;
    private final RandomSource random = RandomSource.of(new SecureRandom());
    private final Map<InetSocketAddress, ConnectionEngine> clientsByAddress = new HashMap<>();
    private long now = 1_000_000_000L;
    private int nextAddress;

    private IdleConnectionHeap(ConnectionConfig config, int maxConnections) {
        this.config = config;
        ServerIdentity identity = ServerIdentity.generate(random, false);
        this.trust = ServerTrust.pinned(identity.publicKeys());
        this.server = DatagramEndpoint.server(config, new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                SuitePreference.hardwareDefault(), List.of(identity), PskStore.none(), new byte[0]),
                EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER)
                        .withMaxConnections(maxConnections),
                io.jetstreamproto.core.internal.endpoint.ConnectionIdLayout.single(), random, PooledByteBufAllocator.DEFAULT, now);
    }

    public static void main(String[] args) throws Exception {
        int n = 2000;
        int warm = 200;
        int idleSeconds = 30;
        int histogram = 0;
        long heartbeatMs = 5000;
        int breakdownDepth = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> n = Integer.parseInt(args[++i]);
                case "--warm" -> warm = Integer.parseInt(args[++i]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[++i]);
                case "--histogram" -> histogram = Integer.parseInt(args[++i]);
                case "--heartbeat-ms" -> heartbeatMs = Long.parseLong(args[++i]);
                case "--breakdown" -> breakdownDepth = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ConnectionConfig config = ConnectionConfig.builder()
                .heartbeatInterval(java.time.Duration.ofMillis(heartbeatMs)).build();
        IdleConnectionHeap h = new IdleConnectionHeap(config, n + warm + 10);
        List<ConnectionEngine> warmClients = h.open(warm);
        h.idle(idleSeconds);
        long baseline = usedHeapAfterGc();
        Map<String, long[]> histoBefore = histogram > 0 ? classHistogram() : null;
        List<ConnectionEngine> clients = h.open(n);
        h.idle(idleSeconds);
        int open = 0;
        for (ConnectionEngine c : clients) {
            open += c.state() == ConnectionEngine.State.OPEN ? 1 : 0;
        }
        int serverOpen = h.server.connectionCount();
        if (breakdownDepth > 0) {
            // shared objects (allocator, config, endpoint) are not charged to the connection
            Object[] stop = {PooledByteBufAllocator.DEFAULT, config, h.server, h.random};
            System.out.println("one server connection, by field path (estimate):");
            HeapWalker.print(HeapWalker.breakdown(h.server.connections().get(warm + n / 2), breakdownDepth, stop), 40);
            System.out.println("one client connection, by field path (estimate):");
            HeapWalker.print(HeapWalker.breakdown(clients.get(n / 2), breakdownDepth, stop), 40);
        }
        long all = usedHeapAfterGc();
        Map<String, long[]> histoAll = histogram > 0 ? classHistogram() : null;
        for (ConnectionEngine c : clients) {
            h.clientsByAddress.values().remove(c);
        }
        clients.clear();
        long serverOnly = usedHeapAfterGc();
        Map<String, long[]> histoServer = histogram > 0 ? classHistogram() : null;
        if (histogram > 0) {
            System.out.println("server side, per connection:");
            printHistogram(histoBefore, histoServer, n, histogram);
            System.out.println("client side, per connection:");
            printHistogram(histoServer, histoAll, n, histogram);
        }
        System.out.printf("{\"connections\": %d, \"client_open\": %d, \"server_open\": %d, \"idle_seconds\": %d, "
                + "\"heartbeat_ms\": %d, \"server_heap_bytes_per_conn\": %d, \"client_heap_bytes_per_conn\": %d, "
                + "\"java\": \"%s\"}%n", n, open, serverOpen - warm, idleSeconds, heartbeatMs,
                (serverOnly - baseline) / n, (all - serverOnly) / n, System.getProperty("java.version"));
        if (warmClients.isEmpty() && warm > 0) {
            throw new IllegalStateException("no warm-up client"); // keeps the warm-up clients reachable until here
        }
    }

    /** Opens {@code n} connections and runs both sides until every handshake has finished. */
    private List<ConnectionEngine> open(int n) throws UnknownHostException {
        List<ConnectionEngine> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int a = nextAddress++;
            InetSocketAddress address = new InetSocketAddress(
                    InetAddress.getByAddress(new byte[] {10, (byte) (a >> 16), (byte) (a >> 8), (byte) a}), 40000);
            ConnectionEngine c = ConnectionEngine.client(config, ClientSessionConfig.defaults(trust, "bench"), SERVER_ADDRESS, random,
                    PooledByteBufAllocator.DEFAULT, now);
            clientsByAddress.put(address, c);
            out.add(c);
            pumpClient(address, c);
            pumpServer();
        }
        for (int round = 0; round < 200; round++) {
            pumpAll();
            now += 1_000_000L;
        }
        return out;
    }

    /** Advances the virtual clock by {@code seconds} in 50 ms steps, running every due timer. */
    private void idle(int seconds) {
        long end = now + TimeUnit.SECONDS.toNanos(seconds);
        while (now < end) {
            now += STEP_NANOS;
            pumpAll();
        }
    }

    private void pumpAll() {
        for (Map.Entry<InetSocketAddress, ConnectionEngine> e : clientsByAddress.entrySet()) {
            ConnectionEngine c = e.getValue();
            if (c.nextTimeoutNanos() <= now) {
                c.handleTimeout(now);
            }
            pumpClient(e.getKey(), c);
        }
        if (server.nextTimeoutNanos() <= now) {
            server.handleTimeout(now);
        }
        pumpServer();
    }

    private void pumpClient(InetSocketAddress address, ConnectionEngine c) {
        for (ByteBuf d = c.pollTransmit(now); d != null; d = c.pollTransmit(now)) {
            try {
                server.handleDatagram(d, address, now);
            } finally {
                d.release();
            }
        }
        while (c.pollEvent() != null) {
            // drained, as the transport does
        }
    }

    private void pumpServer() {
        server.runHandshakesInline(now);
        for (ByteBuf od = server.pollTransmit(now); od != null; od = server.pollTransmit(now)) {
            try {
                ConnectionEngine c = clientsByAddress.get(server.transmitDestination());
                if (c != null) {
                    c.handleDatagram(od, SERVER_ADDRESS, now);
                    pumpClient(server.transmitDestination(), c);
                }
            } finally {
                od.release();
            }
        }
        while (server.pollCreated() != null) {
            // accepted, as a listener would
        }
        for (EndpointConnection c = server.pollTouched(); c != null; c = server.pollTouched()) {
            for (ConnectionEvent e = c.engine().pollEvent(); e != null; e = c.engine().pollEvent()) {
                // drained
            }
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (i >= 3 && Math.abs(last - used) < 64 * 1024) {
                return Math.min(last, used);
            }
            last = used;
        }
        return last;
    }

    /** {@code jcmd <pid> GC.class_histogram} (a full GC, live objects only): class to {instances, bytes}. */
    static Map<String, long[]> classHistogram() throws Exception {
        Process p = new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd",
                String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        Map<String, long[]> m = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
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

    private static void printHistogram(Map<String, long[]> before, Map<String, long[]> after, int n, int top) {
        List<Map.Entry<String, long[]>> d = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            d.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        d.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        for (int i = 0; i < Math.min(top, d.size()); i++) {
            System.out.printf("  %8.2f instances %7d B  %s%n", d.get(i).getValue()[0] / (double) n,
                    d.get(i).getValue()[1] / n, d.get(i).getKey());
        }
    }
}
