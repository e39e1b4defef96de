package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.benchmarks.netem.Direction;
import io.jetstreamproto.benchmarks.netem.LinkModel;
import io.jetstreamproto.benchmarks.netem.LinkProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The measurements, written once for every {@link PeerSystem}: timed bulk transfers (one or many connections,
 * optionally through the {@link LinkProxy}), request/response latency, sequential handshakes, and paced one-way
 * messages for latency under impairment. No assertion anywhere: these return numbers.
 */
final class Measure {
    private Measure() {}

    /** What a timed transfer gives: bytes each connection delivered in the window, the window, and side counters. */
    record Transfer(long[] bytes, double seconds, Map<String, Double> senderStatsDelta, Direction.Counters upstream) {
        double aggregateMbits() {
            long sum = 0;
            for (long b : bytes) {
                sum += b;
            }
            return sum * 8 / seconds / 1e6;
        }

        long totalBytes() {
            long sum = 0;
            for (long b : bytes) {
                sum += b;
            }
            return sum;
        }

        double[] perConnectionMbits() {
            double[] out = new double[bytes.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = bytes[i] * 8 / seconds / 1e6;
            }
            return out;
        }
    }

    /**
     * {@code connections} clients send bulk data to one SINK server at once (through a proxy with {@code link} if it
     * is not null); the bytes delivered between the end of the warm-up and the end of the window are counted at the
     * server.
     */
    static Transfer transfer(PeerSystem system, int connections, LinkModel link, long seed, double warmupSeconds,
            double windowSeconds) throws Exception {
        try (PeerServer server = system.startServer(ServerMode.SINK, 0);
                LinkProxy proxy = link == null ? null : LinkProxy.start(server.address(), link, seed)) {
            PeerSystem.Target target = new PeerSystem.Target(server.address(), server.trust());
            if (proxy != null) {
                target = target.via(proxy.address());
            }
            return transfer(system, server, target, connections, warmupSeconds, windowSeconds, proxy);
        }
    }

    /** The transfer against a running server and target (the fairness check runs two systems through one proxy). */
    static Transfer transfer(PeerSystem system, PeerServer server, PeerSystem.Target target, int connections,
            double warmupSeconds, double windowSeconds, LinkProxy proxy) throws Exception {
        List<PeerClient> clients = new ArrayList<>();
        List<Thread> senders = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(system.connect(target));
            }
            List<Throwable> failures = new ArrayList<>();
            for (PeerClient c : clients) {
                Thread t = new Thread(() -> {
                    try {
                        c.sendBulk(stop::get);
                    } catch (Throwable e) {
                        if (!stop.get()) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    }
                }, "bulk-sender");
                t.setDaemon(true);
                senders.add(t);
                t.start();
            }
            sleep(warmupSeconds);
            long[] before = server.bytesPerConnection();
            Map<String, Double> statsBefore = clients.get(0).senderStats();
            Direction.Counters upBefore = proxy == null ? null : proxy.upstream();
            long t0 = System.nanoTime();
            sleep(windowSeconds);
            long[] after = server.bytesPerConnection();
            long t1 = System.nanoTime();
            Map<String, Double> statsAfter = clients.get(0).senderStats();
            Direction.Counters up = proxy == null ? null : proxy.upstream().minus(upBefore);
            stop.set(true);
            synchronized (failures) {
                if (!failures.isEmpty()) {
                    throw new IllegalStateException(system.name() + ": a sender failed", failures.get(0));
                }
            }
            long[] delta = new long[Math.max(connections, after.length)];
            for (int i = 0; i < after.length; i++) {
                delta[i] = after[i] - (i < before.length ? before[i] : 0);
            }
            Map<String, Double> statsDelta = new java.util.LinkedHashMap<>();
            for (var e : statsAfter.entrySet()) {
                statsDelta.put(e.getKey(), e.getValue() - statsBefore.getOrDefault(e.getKey(), 0.0));
            }
            return new Transfer(delta, (t1 - t0) / 1e9, statsDelta, up);
        } finally {
            stop.set(true);
            closeAll(clients);
            for (Thread t : senders) {
                t.join(5000);
            }
        }
    }

    /** Jain's fairness index of the per-connection rates: 1 = equal shares, 1/n = one connection takes all. */
    static double jain(double[] x) {
        double sum = 0;
        double squares = 0;
        for (double v : x) {
            sum += v;
            squares += v * v;
        }
        return squares == 0 ? 0 : sum * sum / (x.length * squares);
    }

    /** Request/response over one connection to an ECHO server: round-trip nanoseconds, one request outstanding. */
    static Histogram roundTrips(PeerSystem system, int size, int warmup, int samples) throws Exception {
        try (PeerServer server = system.startServer(ServerMode.ECHO, 0)) {
            PeerClient client = system.connect(new PeerSystem.Target(server.address(), server.trust()));
            try {
                byte[] request = new byte[size];
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                for (int i = -warmup; i < samples; i++) {
                    long t0 = System.nanoTime();
                    client.roundTrip(request);
                    long rtt = System.nanoTime() - t0;
                    if (i >= 0) {
                        h.recordValue(rtt);
                    }
                }
                return h;
            } finally {
                client.close();
            }
        }
    }

    /** Sequential handshakes: connect (timed) then close (not timed), against a server in this JVM. */
    static Histogram handshakes(PeerSystem system, int warmup, int count) throws Exception {
        try (PeerServer server = system.startServer(ServerMode.SINK, 0)) {
            PeerSystem.Target target = new PeerSystem.Target(server.address(), server.trust());
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (int i = -warmup; i < count; i++) {
                long t0 = System.nanoTime();
                PeerClient c = system.connect(target);
                long elapsed = System.nanoTime() - t0;
                if (i >= 0) {
                    h.recordValue(elapsed);
                }
                c.close();
            }
            return h;
        }
    }

    /** What paced one-way messages gave: latencies (ns) of delivered records, and how many were sent. */
    record Paced(Histogram latencies, long sent, long delivered) {}

    /**
     * Records of {@code recordSize} bytes at a fixed rate for {@code seconds} over one connection (through a proxy
     * with {@code link} if not null) to a LATENCY server. Each record carries its scheduled send time, so a sender
     * that falls behind is charged for it (no coordinated omission). After the last record the receiver gets up to
     * {@code drainSeconds} to receive stragglers.
     */
    static Paced paced(PeerSystem system, LinkModel link, long seed, int recordSize, int perSecond, double seconds,
            double drainSeconds) throws Exception {
        try (PeerServer server = system.startServer(ServerMode.LATENCY, recordSize);
                LinkProxy proxy = link == null ? null : LinkProxy.start(server.address(), link, seed)) {
            PeerSystem.Target target = new PeerSystem.Target(server.address(), server.trust());
            if (proxy != null) {
                target = target.via(proxy.address());
            }
            PeerClient client = system.connect(target);
            try {
                byte[] record = new byte[recordSize];
                long interval = 1_000_000_000L / perSecond;
                long count = Math.max(1, (long) (seconds * perSecond));
                long start = System.nanoTime() + 1_000_000;
                for (long i = 0; i < count; i++) {
                    long due = start + i * interval;
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    Sinks.writeLong(record, due);
                    client.sendRecord(record);
                }
                long deadline = System.nanoTime() + (long) (drainSeconds * 1e9);
                long last = -1;
                while (System.nanoTime() < deadline && server.recordsReceived() < count) {
                    long got = server.recordsReceived();
                    if (got == last && System.nanoTime() > deadline - (long) (drainSeconds * 0.5e9)) {
                        break; // nothing more arrives
                    }
                    last = got;
                    Thread.sleep(50);
                }
                return new Paced(server.takeLatencies(), count, server.recordsReceived());
            } finally {
                client.close();
            }
        }
    }

    static void closeAll(List<PeerClient> clients) {
        for (PeerClient c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // closing after a measurement: nothing depends on it
            }
        }
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep(Math.max(0, (long) (seconds * 1000)));
    }

    static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
