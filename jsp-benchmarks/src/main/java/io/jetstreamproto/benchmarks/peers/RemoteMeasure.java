package io.jetstreamproto.benchmarks.peers;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The measurements that need the server in a JVM of its own: server CPU per handshake, heap per idle connection. */
final class RemoteMeasure {
    private RemoteMeasure() {}

    /** Handshakes completed, the wall time, and the server process's CPU time over it. */
    record Rate(long handshakes, long failures, double seconds, double serverCpuSeconds) {
        double perServerCore() {
            return serverCpuSeconds <= 0 ? 0 : handshakes / serverCpuSeconds;
        }

        double perSecond() {
            return handshakes / seconds;
        }
    }

    /**
     * {@code threads} clients connect and close in a loop for {@code seconds} against a server in a child JVM (after
     * a warm-up of the same length, so the server's JIT has compiled the handshake); server CPU time is read from the
     * child before and after.
     */
    static Rate handshakeRate(PeerSystem system, int threads, double seconds) throws Exception {
        try (ServerChild.Remote child = ServerChild.Remote.start(system.name(), ServerMode.SINK, "1g")) {
            PeerSystem.Target target = new PeerSystem.Target(NettyPeers.loopback(child.port()), null);
            // warm-up: the child's JIT compiles the handshake (its compiler threads would otherwise be charged)
            loop(system, target, threads, Math.max(3.0, seconds), new AtomicLong(), new AtomicLong());
            AtomicLong done = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long cpu0 = child.cpuNanos();
            long t0 = System.nanoTime();
            loop(system, target, threads, seconds, done, failed);
            long t1 = System.nanoTime();
            long cpu1 = child.cpuNanos();
            return new Rate(done.get(), failed.get(), (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
        }
    }

    private static void loop(PeerSystem system, PeerSystem.Target target, int threads, double seconds,
            AtomicLong done, AtomicLong failed) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // connections are closed beside the loop: a close that waits for the peer (or a draining period) would
        // otherwise be counted as handshake time
        ExecutorService closer = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                fs.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            PeerClient c = system.connect(target);
                            done.incrementAndGet();
                            closer.submit(() -> {
                                try {
                                    c.close();
                                } catch (Exception e) {
                                    // the handshake was counted; a failed close changes nothing
                                }
                            });
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            closer.shutdown();
            closer.awaitTermination(60, TimeUnit.SECONDS);
        }
    }

    /** Heap per idle connection on each side, and how many connections were open when it was read. */
    record Idle(int connections, int failures, long serverBytesPerConnection, long clientBytesPerConnection) {}

    /**
     * Opens {@code n} connections (after {@code warm} that are not counted) to a SINK server in a child JVM and reads
     * the used heap after full GCs on both sides before and after.
     */
    static Idle idleHeap(PeerSystem system, int n, int warm) throws Exception {
        try (ServerChild.Remote child = ServerChild.Remote.start(system.name(), ServerMode.SINK, "3g")) {
            PeerSystem.Target target = new PeerSystem.Target(NettyPeers.loopback(child.port()), null);
            List<PeerClient> clients = Collections.synchronizedList(new ArrayList<>());
            try {
                open(system, target, warm, clients, new AtomicLong());
                Thread.sleep(500);
                long server0 = child.heapAfterGc();
                long client0 = ServerChild.usedHeapAfterGc();
                AtomicLong failures = new AtomicLong();
                int before = clients.size();
                open(system, target, n, clients, failures);
                int opened = clients.size() - before;
                Thread.sleep(1000);
                long server1 = child.heapAfterGc();
                long client1 = ServerChild.usedHeapAfterGc();
                int d = Math.max(1, opened);
                return new Idle(opened, (int) failures.get(), (server1 - server0) / d, (client1 - client0) / d);
            } finally {
                closeAll(clients);
            }
        }
    }

    private static void open(PeerSystem system, PeerSystem.Target target, int n, List<PeerClient> into,
            AtomicLong failures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16); // 16 handshakes in flight: 10,000 in minutes
        AtomicBoolean giveUp = new AtomicBoolean();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(pool.submit(() -> {
                    if (giveUp.get()) {
                        return null;
                    }
                    try {
                        PeerClient c = system.connect(target);
                        // one small message, so that servers which keep no state before the first packet (java-Kcp
                        // has no handshake) hold the state of an established connection
                        c.sendRecord(new byte[16]);
                        into.add(c);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() > Math.max(50, n / 10)) {
                            giveUp.set(true); // something is wrong (limits): stop rather than wait out every timeout
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void closeAll(List<PeerClient> clients) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (PeerClient c : clients) {
            pool.submit(() -> {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
    }

    static long openFilesLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
            return u.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
