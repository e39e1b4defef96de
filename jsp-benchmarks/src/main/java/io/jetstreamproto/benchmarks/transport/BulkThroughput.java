package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Stream;
import io.jetstreamproto.transport.internal.TransportResources;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Figure 1: bulk throughput of one JSP connection (one RELIABLE stream, blocking sends of large messages, bytes counted
 * at the receiving application) against raw Netty UDP on the same event loops (a sender blasting datagrams as fast as
 * the socket takes them, a receiver counting what arrives: delivered bytes per second, not sent).
 */
final class BulkThroughput {
    private BulkThroughput() {}

    /** One JSP transfer of {@code totalBytes} in {@code messageSize} messages over a fresh connection. */
    /** When set (-Djsp.bench.trace=true), the client's congestion state is printed every 200 ms of a JSP transfer. */
    static final boolean TRACE = Boolean.getBoolean("jsp.bench.trace");

    static Json.Obj jsp(long totalBytes, int messageSize, long timeoutSeconds) throws Exception {
        ConnectionConfig config = ConnectionConfig.defaults();
        long messages = Math.max(1, totalBytes / messageSize);
        long expected = messages * messageSize;
        AtomicLong received = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Connection> serverSide = new AtomicReference<>();
        try (Listener server = Loopback.listen()) {
            server.onConnection(peer -> {
                serverSide.set(peer);
                peer.onMessage(m -> {
                    if (received.addAndGet(m.data().length) >= expected) {
                        lastArrival.set(System.nanoTime());
                        done.countDown();
                    }
                });
            });
            try (Connection client = Connection.connect(server.localAddress(), config,
                    ServerTrust.pinned(server.publicKeys()))) {
                Stream stream = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
                byte[] message = new byte[messageSize];
                ThreadLocalRandom.current().nextBytes(message);
                long cpu0 = Loopback.processCpuNanos();
                long io0 = Loopback.ioThreadsCpuNanos();
                long start = System.nanoTime();
                java.util.concurrent.ScheduledExecutorService tracer = null;
                if (TRACE) {
                    tracer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                    int[] ports = {server.localAddress().getPort(), client.localAddress().getPort()};
                    tracer.scheduleAtFixedRate(() -> {
                        ConnectionStats t = client.stats();
                        System.out.println("    " + threadCpu() + " " + udpQueues(ports));
                        Connection sp = serverSide.get();
                        if (sp != null) {
                            ConnectionStats v = sp.stats();
                            System.out.printf("    server: sent %d received %d dropped %d duplicates %d%n",
                                    v.packetsSent(), v.packetsReceived(), v.packetsDropped(), v.duplicatesDropped());
                        }
                        System.out.printf("    t=%5d ms delivered %6d KiB cwnd %7d inflight %7d srtt %6.0f µs minrtt %5.0f"
                                + " µs sent %7d lost %6d%n", (System.nanoTime() - start) / 1_000_000,
                                received.get() >> 10, t.congestionWindow(), t.bytesInFlight(),
                                t.smoothedRttNanos() / 1e3, t.minRttNanos() / 1e3, t.packetsSent(), t.packetsLost());
                    }, 200, 200, TimeUnit.MILLISECONDS);
                }
                for (long i = 0; i < messages; i++) {
                    stream.send(message);
                }
                long sendReturned = System.nanoTime();
                boolean complete = done.await(timeoutSeconds, TimeUnit.SECONDS);
                if (tracer != null) {
                    tracer.shutdownNow();
                }
                long end = complete ? lastArrival.get() : System.nanoTime();
                ConnectionStats s = client.stats();
                long got = received.get();
                Connection sp = serverSide.get();
                long serverPackets = sp == null ? -1 : sp.stats().packetsSent();
                Json.Obj o = new Json.Obj()
                        .put("bytes_delivered", got)
                        .put("complete", complete)
                        .put("seconds", Loopback.round((end - start) / 1e9, 3))
                        .put("mbit_s", Loopback.mbits(got, end - start))
                        .put("send_loop_seconds", Loopback.round((sendReturned - start) / 1e9, 3))
                        .put("packets_sent", s.packetsSent())
                        .put("packets_lost", s.packetsLost())
                        .put("fragments_retransmitted", s.fragmentsRetransmitted())
                        .put("srtt_us", Loopback.us(s.smoothedRttNanos()))
                        .put("cwnd_bytes", s.congestionWindow())
                        // the receiver sends only ACKs (and window updates): with ackBatchSize 10 expect about 0.1
                        .put("receiver_packets_per_data_packet",
                                Loopback.round(serverPackets / (double) Math.max(1, s.packetsSent()), 3));
                return Loopback.putCpu(o, cpu0, io0, end - start, s.packetsSent(), "packet");
            }
        }
    }

    /** Cumulative CPU ms of each event-loop thread. */
    static String threadCpu() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder();
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("jsp-io")) {
                sb.append(info.getThreadName()).append(" cpu ")
                        .append(mx.getThreadCpuTime(info.getThreadId()) / 1_000_000).append(" ms; ");
            }
        }
        return sb.toString();
    }

    /** tx_queue:rx_queue (hex bytes) and drops of our sockets from /proc/net/udp (Linux, IPv4 loopback). */
    static String udpQueues(int[] ports) {
        StringBuilder sb = new StringBuilder();
        try {
            java.util.List<String> lines = new java.util.ArrayList<>();
            lines.addAll(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp")));
            lines.addAll(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp6")));
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 13 || !f[1].contains(":")) {
                    continue;
                }
                int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                for (int p : ports) {
                    if (p == port) {
                        String[] q = f[4].split(":");
                        sb.append("port ").append(port).append(" tx ").append(Long.parseLong(q[0], 16) >> 10)
                                .append(" KiB rx ").append(Long.parseLong(q[1], 16) >> 10).append(" KiB drops ")
                                .append(f[f.length - 1]).append("; ");
                    }
                }
            }
        } catch (Exception e) {
            sb.append(e);
        }
        return sb.toString();
    }

    /** Raw Netty UDP: {@code totalBytes} in {@code datagramSize} datagrams blasted to a counting receiver. */
    static Json.Obj rawNetty(long totalBytes, int datagramSize, long timeoutSeconds) throws Exception {
        TransportResources rt = TransportResources.acquireShared(); // held for the process: benchmarks exit
        Counter counter = new Counter();
        Channel receiver = new Bootstrap().group(rt.group()).channel(rt.datagramChannelClass())
                .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20) // as the listener
                .handler(counter).bind(Loopback.anyPort()).sync().channel();
        InetSocketAddress target = (InetSocketAddress) receiver.localAddress();
        Blaster blaster = null;
        Channel sender = null;
        try {
            for (int attempt = 0; attempt < 4; attempt++) { // sender and receiver on different loops, like client/server
                Blaster b = new Blaster(totalBytes / datagramSize, datagramSize);
                Channel ch = new Bootstrap().group(rt.group()).channel(rt.datagramChannelClass())
                        .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20) // as a client
                        .handler(b).connect(target).sync().channel();
                if (ch.eventLoop() != receiver.eventLoop() || attempt == 3) {
                    blaster = b;
                    sender = ch;
                    break;
                }
                ch.close().sync();
            }
            long cpu0 = Loopback.processCpuNanos();
            long io0 = Loopback.ioThreadsCpuNanos();
            long start = System.nanoTime();
            sender.eventLoop().execute(blaster::pump);
            if (!blaster.done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw sender did not finish within " + timeoutSeconds + " s");
            }
            long sendEnd = blaster.finished;
            long cpu1 = Loopback.processCpuNanos();
            long io1 = Loopback.ioThreadsCpuNanos();
            // the receiver is done when nothing arrived for 300 ms
            long lastCount = -1;
            while (counter.datagrams.get() != lastCount) {
                lastCount = counter.datagrams.get();
                Thread.sleep(300);
            }
            long bytes = counter.bytes.get();
            long datagrams = counter.datagrams.get();
            long elapsed = counter.last - start;
            Json.Obj o = new Json.Obj()
                    .put("bytes_delivered", bytes)
                    .put("seconds", Loopback.round(elapsed / 1e9, 3))
                    .put("mbit_s", Loopback.mbits(bytes, elapsed))
                    .put("datagrams_sent", blaster.sent)
                    .put("datagrams_delivered", datagrams)
                    .put("loss_percent", Loopback.round(100.0 * (blaster.sent - datagrams) / Math.max(1, blaster.sent), 2))
                    .put("sent_mbit_s", Loopback.mbits(blaster.sent * (long) datagramSize, sendEnd - start));
            // CPU over the sending interval (the quiet-period wait afterwards is excluded)
            long cpuAfterSend = cpu0 + (Loopback.processCpuNanos() - cpu1);
            long ioAfterSend = io0 + (Loopback.ioThreadsCpuNanos() - io1);
            return Loopback.putCpu(o, cpuAfterSend, ioAfterSend, Math.max(1, sendEnd - start), blaster.sent, "packet");
        } finally {
            if (sender != null) {
                sender.close().sync();
            }
            receiver.close().sync();
        }
    }

    private static final class Counter extends ChannelInboundHandlerAdapter {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong datagrams = new AtomicLong();
        volatile long last;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket p = (DatagramPacket) msg;
            bytes.addAndGet(p.content().readableBytes());
            datagrams.incrementAndGet();
            last = System.nanoTime();
            p.release();
        }
    }

    /** Writes datagrams on its loop while the channel is writable, in batches so the loop keeps serving I/O. */
    private static final class Blaster extends ChannelInboundHandlerAdapter {
        final long total;
        final ByteBuf payload;
        final CountDownLatch done = new CountDownLatch(1);
        Channel channel;
        long sent;
        volatile long finished;

        Blaster(long total, int size) {
            this.total = total;
            byte[] bytes = new byte[size];
            ThreadLocalRandom.current().nextBytes(bytes);
            this.payload = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeBytes(bytes));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.fireChannelActive();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && sent < total) {
                pump();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP errors after the receiver closed: irrelevant to the figure
        }

        void pump() {
            int batch = 0;
            while (sent < total && channel.isWritable() && batch < 512) {
                channel.write(payload.duplicate(), channel.voidPromise());
                sent++;
                if (++batch % 32 == 0) {
                    channel.flush();
                }
            }
            channel.flush();
            if (sent >= total) {
                finished = System.nanoTime();
                done.countDown();
            } else if (channel.isWritable()) {
                channel.eventLoop().execute(this::pump);
            }
        }
    }
}
