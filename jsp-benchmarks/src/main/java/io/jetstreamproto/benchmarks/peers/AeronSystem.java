package io.jetstreamproto.benchmarks.peers;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * Aeron 1.44 over UDP, unencrypted: the latency reference. One embedded media driver with SHARED threading and a
 * yielding idle strategy (its busy-spinning defaults collapse on 2 cores), exclusive publications, one polling thread
 * per server. A "connection" is a publication to the server's endpoint; request/response uses a publication back to
 * a port the request names. No handshake, no idle-connection figure (publications are not connections).
 * Needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}.
 */
final class AeronSystem implements PeerSystem {
    private static final int BULK_MESSAGE = 8 * 1024;
    private static final int DATA_STREAM = 10;
    private static final int ECHO_STREAM = 11;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private MediaDriver driver;
    private Aeron aeron;

    @Override
    public String name() {
        return "Aeron";
    }

    @Override
    public Set<Workload.Kind> supports() {
        return EnumSet.of(Workload.Kind.BULK, Workload.Kind.PARALLEL, Workload.Kind.RR, Workload.Kind.LOSS);
    }

    @Override
    public String describe() {
        return "Aeron " + io.aeron.AeronVersion.VERSION + " UDP unicast, embedded media driver,"
                + " SHARED threading, yielding idle strategy, exclusive publications, " + BULK_MESSAGE / 1024
                + " KiB messages; no handshake, no encryption";
    }

    private synchronized Aeron aeron() {
        if (aeron != null && aeron.isClosed()) {
            close(); // the client timed out (a starved conductor on a loaded machine): start over
        }
        if (aeron == null) {
            File shm = new File("/dev/shm");
            File dir = new File(shm.isDirectory() ? shm : new File(System.getProperty("java.io.tmpdir")),
                    "jsp-bench-aeron-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
            MediaDriver.Context ctx = new MediaDriver.Context()
                    .aeronDirectoryName(dir.getAbsolutePath())
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new YieldingIdleStrategy())
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .termBufferSparseFile(true)
                    .publicationTermBufferLength(4 << 20)
                    .socketRcvbufLength(4 << 20)
                    .socketSndbufLength(4 << 20)
                    // a loaded 2-core machine can starve the client's conductor for seconds: generous liveness
                    .clientLivenessTimeoutNs(60_000_000_000L)
                    .publicationUnblockTimeoutNs(90_000_000_000L);
            driver = MediaDriver.launch(ctx);
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
                    .driverTimeoutMs(60_000));
        }
        return aeron;
    }

    private static String channel(InetSocketAddress a) {
        return "aeron:udp?endpoint=" + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public PeerServer startServer(ServerMode mode, int recordSize) throws Exception {
        Aeron a = aeron();
        InetSocketAddress address = NettyPeers.loopback(freeUdpPort());
        Subscription sub = a.addSubscription(channel(address), DATA_STREAM);
        Sinks.Counters counters = new Sinks.Counters();
        Sinks.Latencies latencies = new Sinks.Latencies();
        Map<Integer, AtomicLong> bySession = new ConcurrentHashMap<>();
        Map<Integer, ExclusivePublication> answers = new ConcurrentHashMap<>();
        FragmentHandler handler = switch (mode) {
            case SINK -> (buf, offset, length, header) -> bySession
                    .computeIfAbsent(header.sessionId(), s -> counters.newConnection()).addAndGet(length);
            case ECHO -> new FragmentAssembler((buf, offset, length, header) -> {
                int port = buf.getInt(offset);
                ExclusivePublication back = answers.computeIfAbsent(port,
                        p -> a.addExclusivePublication(channel(NettyPeers.loopback(p)), ECHO_STREAM));
                offer(back, buf, offset, length, () -> false);
            });
            case LATENCY -> new FragmentAssembler((buf, offset, length, header) ->
                    latencies.record(buf.getLong(offset, java.nio.ByteOrder.BIG_ENDIAN)));
        };
        AtomicLong running = new AtomicLong(1);
        Thread poller = new Thread(() -> {
            IdleStrategy idle = new YieldingIdleStrategy();
            while (running.get() == 1) {
                idle.idle(sub.poll(handler, 64));
            }
        }, "aeron-server-poll");
        poller.setDaemon(true);
        poller.start();
        return new PeerServer() {
            @Override
            public InetSocketAddress address() {
                return address;
            }

            @Override
            public Object trust() {
                return null;
            }

            @Override
            public long[] bytesPerConnection() {
                return counters.snapshot();
            }

            @Override
            public Histogram takeLatencies() {
                return latencies.take();
            }

            @Override
            public long recordsReceived() {
                return latencies.records();
            }

            @Override
            public void close() throws Exception {
                running.set(0);
                poller.join(2000);
                sub.close();
                answers.values().forEach(Publication::close);
            }
        };
    }

    /** Offers until accepted, closed, or {@code stop}; returns false if it gave up. */
    private static boolean offer(Publication pub, org.agrona.DirectBuffer buf, int offset, int length,
            BooleanSupplier stop) {
        IdleStrategy idle = new YieldingIdleStrategy();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            long r = pub.offer(buf, offset, length);
            if (r > 0) {
                return true;
            }
            if (r == Publication.CLOSED || r == Publication.MAX_POSITION_EXCEEDED || stop.getAsBoolean()
                    || System.nanoTime() > deadline) {
                return false;
            }
            idle.idle();
        }
    }

    @Override
    public PeerClient connect(Target target) throws Exception {
        Aeron a = aeron();
        ExclusivePublication pub = a.addExclusivePublication(channel(target.address()), DATA_STREAM);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!pub.isConnected()) {
            if (System.nanoTime() > deadline) {
                pub.close();
                throw new IllegalStateException("Aeron publication not connected within 10 s");
            }
            Thread.sleep(1);
        }
        int answerPort = freeUdpPort();
        Subscription answers = a.addSubscription(channel(NettyPeers.loopback(answerPort)), ECHO_STREAM);
        UnsafeBuffer bulk = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BULK_MESSAGE, 64));
        byte[] random = new byte[BULK_MESSAGE];
        ThreadLocalRandom.current().nextBytes(random);
        bulk.putBytes(0, random);
        UnsafeBuffer small = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
        long[] answered = new long[1];
        FragmentHandler onAnswer = new FragmentAssembler((buf, offset, length, header) -> answered[0] += length);
        return new PeerClient() {
            @Override
            public void sendBulk(BooleanSupplier stop) {
                while (!stop.getAsBoolean() && !pub.isClosed()) {
                    offer(pub, bulk, 0, BULK_MESSAGE, stop);
                }
            }

            @Override
            public void roundTrip(byte[] request) {
                small.putBytes(0, request);
                small.putInt(0, answerPort); // where the server answers
                long want = answered[0] + request.length;
                if (!offer(pub, small, 0, request.length, () -> false)) {
                    throw new IllegalStateException("Aeron offer failed");
                }
                IdleStrategy idle = new YieldingIdleStrategy();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (answered[0] < want) {
                    idle.idle(answers.poll(onAnswer, 16));
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no answer within 5 s");
                    }
                }
            }

            @Override
            public void sendRecord(byte[] record) {
                small.putBytes(0, record);
                offer(pub, small, 0, record.length, () -> false);
            }

            @Override
            public void close() {
                pub.close();
                answers.close();
            }
        };
    }

    @Override
    public synchronized void close() {
        if (aeron != null) {
            try {
                aeron.close();
            } finally {
                driver.close();
                aeron = null;
                driver = null;
            }
        }
    }
}
