package io.jetstreamproto.benchmarks.fec;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * p99 message delivery latency with FEC off and on, over real sockets on loopback through a user-space proxy that
 * adds a one-way delay and random loss in both directions (issue 5's loopback figure). The same paced message flow
 * runs once per mode; the report gives p50/p99/max per mode and the on/off ratio.
 */
@Command(name = "fec-latency", mixinStandardHelpOptions = true,
        description = "p99 delivery latency, FEC off vs on, through a lossy delaying proxy on loopback.")
public final class FecLatency implements Callable<Integer> {
    @Option(names = "--loss", defaultValue = "0.05", description = "Loss per datagram, each way (${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--delay-ms", defaultValue = "25", description = "One-way delay added by the proxy (${DEFAULT-VALUE}).")
    int delayMs;

    @Option(names = "--interval-ms", defaultValue = "20", description = "Time between messages (${DEFAULT-VALUE}).")
    int intervalMs;

    @Option(names = "--messages", defaultValue = "750", description = "Messages per mode (${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--size", defaultValue = "200", description = "Message size in bytes (${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--fec", defaultValue = "10:2", description = "k:m for the FEC run (${DEFAULT-VALUE}).")
    String fec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FecLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String[] km = fec.split(":");
        ConnectionConfig off = ConnectionConfig.builder().heartbeatTimeoutCount(20).build();
        ConnectionConfig on = off.toBuilder().fecEnabled(true).fecDataShards(Integer.parseInt(km[0]))
                .fecParityShards(Integer.parseInt(km[1])).build();
        System.out.printf("FEC latency on loopback: %.1f %% loss and %d ms one-way delay each way (proxy), a %d-byte"
                + " message every %d ms, %d messages per mode, RELIABLE_UNORDERED%n", loss * 100, delayMs, size,
                intervalMs, messages);
        double[] offResult = run("FEC off", off, 1);
        double[] onResult = run("FEC " + fec, on, 1);
        System.out.printf("  => p99 FEC on / off = %.2f (p50 %.2f)%n", onResult[1] / offResult[1],
                onResult[0] / offResult[0]);
        return 0;
    }

    /** Returns {p50, p99} in ms. */
    private double[] run(String name, ConnectionConfig config, long seed) throws Exception {
        ServerIdentity identity = ServerIdentity.generate(false);
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), config,
                identity);
                DelayProxy proxy = new DelayProxy(server.localAddress(), loss, delayMs, seed)) {
            long[] latency = new long[messages];
            int[] got = {0};
            Object lock = new Object();
            server.onConnection(peer -> peer.onMessage(m -> {
                long now = System.nanoTime();
                ByteBuffer b = ByteBuffer.wrap(m.data());
                int i = b.getInt();
                latency[i] = now - b.getLong();
                synchronized (lock) {
                    got[0]++;
                    lock.notifyAll();
                }
            }));
            try (Connection client = Connection.connect(proxy.address(), config,
                    ServerTrust.pinned(server.publicKeys()))) {
                Stream s = client.openStream(DeliveryMode.RELIABLE_UNORDERED, Priority.MEDIA);
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    long due = start + (long) i * intervalMs * 1_000_000L;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait); // pacing the flow, not synchronisation
                    }
                    byte[] m = new byte[size];
                    ByteBuffer.wrap(m).putInt(i).putLong(System.nanoTime());
                    s.sendAsync(m);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                synchronized (lock) {
                    while (got[0] < messages && System.nanoTime() < deadline) {
                        lock.wait(1000);
                    }
                }
                ConnectionStats cs = client.stats();
                Arrays.sort(latency);
                double p50 = latency[messages / 2] / 1e6;
                double p99 = latency[messages * 99 / 100] / 1e6;
                System.out.printf("  %-9s delivered %d/%d: p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms | lost %d,"
                        + " retransmitted %d, repair packets %d, proxy dropped %d%n", name, got[0], messages, p50, p99,
                        latency[messages - 1] / 1e6, cs.packetsLost(), cs.fragmentsRetransmitted(),
                        cs.repairPacketsSent(), proxy.dropped);
                return new double[] {p50, p99};
            }
        } finally {
            identity.destroy();
        }
    }

    /** A user-space UDP proxy for one client: fixed one-way delay and random loss, both directions. */
    private static final class DelayProxy implements AutoCloseable {
        private final DatagramChannel front;
        private final DatagramChannel back;
        private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delay-proxy");
            t.setDaemon(true);
            return t;
        });
        private final Random random;
        private final double loss;
        private final long delayNanos;
        private volatile SocketAddress client;
        private volatile boolean running = true;
        volatile long dropped;

        DelayProxy(InetSocketAddress server, double loss, int delayMs, long seed) throws IOException {
            this.random = new Random(seed);
            this.loss = loss;
            this.delayNanos = delayMs * 1_000_000L;
            front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            back = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            back.connect(server);
            pump(front, true);
            pump(back, false);
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) front.getLocalAddress();
        }

        private void pump(DatagramChannel in, boolean upstream) {
            Thread t = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(65536);
                while (running) {
                    try {
                        buf.clear();
                        SocketAddress from = in.receive(buf);
                        if (upstream) {
                            client = from;
                        }
                        buf.flip();
                        boolean drop;
                        synchronized (random) {
                            drop = random.nextDouble() < loss;
                        }
                        if (drop) {
                            dropped++;
                            continue;
                        }
                        byte[] copy = new byte[buf.remaining()];
                        buf.get(copy);
                        SocketAddress to = upstream ? null : client;
                        delayer.schedule(() -> forward(copy, upstream, to), delayNanos, TimeUnit.NANOSECONDS);
                    } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                        return; // closed
                    }
                }
            }, upstream ? "delay-proxy-up" : "delay-proxy-down");
            t.setDaemon(true);
            t.start();
        }

        private void forward(byte[] d, boolean upstream, SocketAddress to) {
            try {
                if (upstream) {
                    back.write(ByteBuffer.wrap(d));
                } else if (to != null) {
                    front.send(ByteBuffer.wrap(d), to);
                }
            } catch (IOException e) {
                dropped++;
            }
        }

        @Override
        public void close() throws IOException {
            running = false;
            delayer.shutdownNow();
            front.close();
            back.close();
        }
    }
}
