package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.core.ConnectionConfig;
import io.jetstreamproto.core.ConnectionStats;
import io.jetstreamproto.core.DeliveryMode;
import io.jetstreamproto.core.Priority;
import io.jetstreamproto.crypto.identity.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Stream;
import io.jetstreamproto.transport.udp.TransportRuntime;
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

/**
 * Figure 1: bulk throughput of one JSP connection (one RELIABLE stream, blocking sends of large messages, bytes counted
 * at the receiving application) against raw Netty UDP on the same event loops (a sender blasting datagrams as fast as
 * the socket takes them, a receiver counting what arrives: delivered bytes per second, not sent).
 */
final class BulkThroughput {
    private BulkThroughput() {}

    /** One JSP transfer of {@code totalBytes} in {@code messageSize} messages over a fresh connection. */
    static Json.Obj jsp(long totalBytes, int messageSize, long timeoutSeconds) throws Exception {
        ConnectionConfig config = ConnectionConfig.defaults();
        long messages = Math.max(1, totalBytes / messageSize);
        long expected = messages * messageSize;
        AtomicLong received = new AtomicLong();
        AtomicLong lastArrival = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        try (Listener server = Loopback.listen()) {
            server.onConnection(peer -> peer.onMessage(m -> {
                if (received.addAndGet(m.data().length) >= expected) {
                    lastArrival.set(System.nanoTime());
                    done.countDown();
                }
            }));
            try (Connection client = Connection.connect(server.localAddress(), config,
                    ServerTrust.pinned(server.publicKeys()))) {
                Stream stream = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
                byte[] message = new byte[messageSize];
                ThreadLocalRandom.current().nextBytes(message);
                long start = System.nanoTime();
                for (long i = 0; i < messages; i++) {
                    stream.send(message);
                }
                long sendReturned = System.nanoTime();
                boolean complete = done.await(timeoutSeconds, TimeUnit.SECONDS);
                long end = complete ? lastArrival.get() : System.nanoTime();
                ConnectionStats s = client.stats();
                long got = received.get();
                return new Json.Obj()
                        .put("bytes_delivered", got)
                        .put("complete", complete)
                        .put("seconds", Loopback.round((end - start) / 1e9, 3))
                        .put("mbit_s", Loopback.mbits(got, end - start))
                        .put("send_loop_seconds", Loopback.round((sendReturned - start) / 1e9, 3))
                        .put("packets_sent", s.packetsSent())
                        .put("packets_lost", s.packetsLost())
                        .put("fragments_retransmitted", s.fragmentsRetransmitted())
                        .put("srtt_us", Loopback.us(s.smoothedRttNanos()))
                        .put("cwnd_bytes", s.congestionWindow());
            }
        }
    }

    /** Raw Netty UDP: {@code totalBytes} in {@code datagramSize} datagrams blasted to a counting receiver. */
    static Json.Obj rawNetty(long totalBytes, int datagramSize, long timeoutSeconds) throws Exception {
        TransportRuntime rt = TransportRuntime.get();
        Counter counter = new Counter();
        Channel receiver = new Bootstrap().group(rt.group()).channel(rt.channelClass())
                .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20) // as the listener
                .handler(counter).bind(Loopback.anyPort()).sync().channel();
        InetSocketAddress target = (InetSocketAddress) receiver.localAddress();
        Blaster blaster = null;
        Channel sender = null;
        try {
            for (int attempt = 0; attempt < 4; attempt++) { // sender and receiver on different loops, like client/server
                Blaster b = new Blaster(totalBytes / datagramSize, datagramSize);
                Channel ch = new Bootstrap().group(rt.group()).channel(rt.channelClass())
                        .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20) // as a client
                        .handler(b).connect(target).sync().channel();
                if (ch.eventLoop() != receiver.eventLoop() || attempt == 3) {
                    blaster = b;
                    sender = ch;
                    break;
                }
                ch.close().sync();
            }
            long start = System.nanoTime();
            sender.eventLoop().execute(blaster::pump);
            if (!blaster.done.await(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("raw sender did not finish within " + timeoutSeconds + " s");
            }
            long sendEnd = blaster.finished;
            // the receiver is done when nothing arrived for 300 ms
            long lastCount = -1;
            while (counter.datagrams.get() != lastCount) {
                lastCount = counter.datagrams.get();
                Thread.sleep(300);
            }
            long bytes = counter.bytes.get();
            long datagrams = counter.datagrams.get();
            long elapsed = counter.last - start;
            return new Json.Obj()
                    .put("bytes_delivered", bytes)
                    .put("seconds", Loopback.round(elapsed / 1e9, 3))
                    .put("mbit_s", Loopback.mbits(bytes, elapsed))
                    .put("datagrams_sent", blaster.sent)
                    .put("datagrams_delivered", datagrams)
                    .put("loss_percent", Loopback.round(100.0 * (blaster.sent - datagrams) / Math.max(1, blaster.sent), 2))
                    .put("sent_mbit_s", Loopback.mbits(blaster.sent * (long) datagramSize, sendEnd - start));
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
