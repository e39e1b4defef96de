package io.jetstreamproto.benchmarks.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Raw Netty UDP, no reliability, no encryption: the limit of the datagram path. Bulk blasts 1200-byte datagrams as
 * fast as the socket takes them and counts what the receiver gets (delivered, not sent; lost datagrams are not
 * resent). Under loss it shows what the proxy and the socket deliver at most. The senders run on event loops of
 * their own (see {@link NettyPeers#clientGroup}).
 */
final class RawUdpSystem implements PeerSystem {
    static final int DATAGRAM = 1200;
    private final ByteBuf payload = NettyPeers.payload(DATAGRAM);

    @Override
    public String name() {
        return "raw UDP";
    }

    @Override
    public Set<Workload.Kind> supports() {
        return EnumSet.of(Workload.Kind.BULK, Workload.Kind.PARALLEL, Workload.Kind.RR, Workload.Kind.LOSS);
    }

    @Override
    public String describe() {
        return "Netty UDP datagrams of " + DATAGRAM + " bytes, unreliable, unencrypted (the limit; lost datagrams stay"
                + " lost)";
    }

    @Override
    public PeerServer startServer(ServerMode mode, int recordSize) throws Exception {
        Sinks.Counters counters = new Sinks.Counters();
        Sinks.Latencies latencies = new Sinks.Latencies();
        Map<InetSocketAddress, AtomicLong> bySender = new ConcurrentHashMap<>();
        Channel server = new Bootstrap().group(NettyPeers.group()).channel(NettyPeers.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048).maxMessagesPerRead(64))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket p = (DatagramPacket) msg;
                        switch (mode) {
                            case SINK -> {
                                bySender.computeIfAbsent(p.sender(), a -> counters.newConnection())
                                        .addAndGet(p.content().readableBytes());
                                p.release();
                            }
                            case ECHO -> ctx.writeAndFlush(new DatagramPacket(p.content(), p.sender()));
                            case LATENCY -> {
                                latencies.record(p.content().getLong(p.content().readerIndex()));
                                p.release();
                            }
                        }
                    }
                }).bind(NettyPeers.loopback(0)).sync().channel();
        return new PeerServer() {
            @Override
            public InetSocketAddress address() {
                return (InetSocketAddress) server.localAddress();
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
                server.close().sync();
            }
        };
    }

    @Override
    public PeerClient connect(Target target) throws Exception {
        Sinks.EchoWaiter echo = new Sinks.EchoWaiter();
        Blaster blaster = new Blaster(payload);
        Channel ch = new Bootstrap().group(NettyPeers.clientGroup()).channel(NettyPeers.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket p = (DatagramPacket) msg;
                        echo.received(p.content().readableBytes());
                        p.release();
                    }

                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        blaster.writable();
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // ICMP port unreachable after the server closed: irrelevant
                    }
                }).connect(target.address()).sync().channel();
        return new PeerClient() {
            @Override
            public void sendBulk(BooleanSupplier stop) throws Exception {
                blaster.run(ch, stop);
            }

            @Override
            public void roundTrip(byte[] request) throws Exception {
                ch.writeAndFlush(Unpooled.wrappedBuffer(request));
                echo.await(request.length);
            }

            @Override
            public void sendRecord(byte[] record) {
                ch.writeAndFlush(Unpooled.copiedBuffer(record), ch.voidPromise());
            }

            @Override
            public void close() throws Exception {
                ch.close().await(5, TimeUnit.SECONDS);
            }
        };
    }

    /** Writes datagrams while the channel is writable, in batches, until stopped. */
    private static final class Blaster {
        private final ByteBuf payload;
        private volatile BooleanSupplier stop = () -> true;
        private volatile Channel channel;

        Blaster(ByteBuf payload) {
            this.payload = payload;
        }

        void run(Channel ch, BooleanSupplier stop) throws InterruptedException {
            this.stop = stop;
            this.channel = ch;
            ch.eventLoop().execute(this::pump);
            while (!stop.getAsBoolean() && ch.isActive()) {
                Thread.sleep(5);
            }
        }

        void writable() {
            if (channel != null && channel.isWritable()) {
                pump();
            }
        }

        private void pump() {
            Channel ch = channel;
            int n = 0;
            while (!stop.getAsBoolean() && ch.isActive() && ch.isWritable() && n < 512) {
                ch.write(payload.duplicate(), ch.voidPromise());
                if (++n % 32 == 0) {
                    ch.flush();
                }
            }
            ch.flush();
            if (!stop.getAsBoolean() && ch.isActive() && ch.isWritable()) {
                // scheduled, not queued: a task queue that never empties would starve the loop's reads (the
                // receiver may share this loop)
                ch.eventLoop().schedule(this::pump, 20, TimeUnit.MICROSECONDS);
            }
        }
    }
}
