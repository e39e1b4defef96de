package io.jetstreamproto.benchmarks.peers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What the Netty-based peers share: one event-loop group (epoll, as many loops as cores, like JSP's own), the test
 * certificate (ECDSA P-256, self-signed for localhost), and the handlers for the server modes and for bulk sending.
 */
final class NettyPeers {
    private NettyPeers() {}

    private static final boolean EPOLL = Epoll.isAvailable();
    private static volatile EventLoopGroup group;
    private static volatile X509Bundle cert;

    static synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("peer-io", true),
                    EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        }
        return group;
    }

    private static volatile EventLoopGroup clientGroup;

    /**
     * Event loops for raw UDP's senders only: a UDP socket on loopback is always writable, so blasting senders
     * would otherwise hold the receiver's loop (the kernel drops what the starved receiver does not read).
     */
    static synchronized EventLoopGroup clientGroup() {
        if (clientGroup == null) {
            clientGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("peer-client-io", true),
                    EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        }
        return clientGroup;
    }

    static Class<? extends DatagramChannel> datagramChannel() {
        return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static synchronized X509Bundle certificate() throws Exception {
        if (cert == null) {
            cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").ecp256().setIsCertificateAuthority(true).buildSelfSigned();
        }
        return cert;
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static final java.util.Map<Integer, ByteBuf> PAYLOADS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A payload of random bytes, one per size for the whole process (held here for good, so never released and
     * never garbage: duplicates of it are written).
     */
    static ByteBuf payload(int size) {
        return PAYLOADS.computeIfAbsent(size, n -> {
            byte[] bytes = new byte[n];
            ThreadLocalRandom.current().nextBytes(bytes);
            return Unpooled.unreleasableBuffer(Unpooled.directBuffer(n).writeBytes(bytes));
        });
    }

    /** Counts the bytes of one connection (or stream) and drops them. */
    static final class CountingHandler extends ChannelInboundHandlerAdapter {
        private final AtomicLong counter;

        CountingHandler(AtomicLong counter) {
            this.counter = counter;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                counter.addAndGet(b.readableBytes());
                b.release();
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Writes every received buffer back. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        static final EchoHandler INSTANCE = new EchoHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                ctx.writeAndFlush(msg); // the write releases it
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Reads records (one per buffer: put a FixedLengthFrameDecoder in front on byte streams) into the latencies. */
    @ChannelHandler.Sharable
    static final class LatencyHandler extends ChannelInboundHandlerAdapter {
        private final Sinks.Latencies latencies;

        LatencyHandler(Sinks.Latencies latencies) {
            this.latencies = latencies;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                try {
                    latencies.record(b.getLong(b.readerIndex()));
                } finally {
                    b.release();
                }
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Hands the size of every received buffer to an echo waiter (client side of request/response). */
    static final class EchoReceiver extends ChannelInboundHandlerAdapter {
        private final Sinks.EchoWaiter waiter;

        EchoReceiver(Sinks.EchoWaiter waiter) {
            this.waiter = waiter;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                waiter.received(b.readableBytes());
                b.release();
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /**
     * Writes duplicates of a payload on a channel's event loop while it is writable, until told to stop; resumes on
     * {@code channelWritabilityChanged} (add it to the pipeline).
     */
    static final class BulkPump extends ChannelInboundHandlerAdapter {
        private final ByteBuf payload;
        private volatile BooleanSupplier stop = () -> true;
        private Channel channel;

        BulkPump(ByteBuf payload) {
            this.payload = payload;
        }

        /** Starts pumping on {@code ch} and blocks the caller until {@code stop} is true or the channel closed. */
        void run(Channel ch, BooleanSupplier stop) throws InterruptedException {
            this.stop = stop;
            this.channel = ch;
            ch.eventLoop().execute(this::pump);
            while (!stop.getAsBoolean() && ch.isActive()) {
                Thread.sleep(5);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a write (void promise) after the harness closed the connection at the end of a measurement
            ctx.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && channel != null) {
                pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        private void pump() {
            int n = 0;
            while (!stop.getAsBoolean() && channel.isActive() && channel.isWritable() && n++ < 64) {
                channel.write(payload.duplicate(), channel.voidPromise());
            }
            channel.flush();
            if (!stop.getAsBoolean() && channel.isActive() && channel.isWritable()) {
                // scheduled, not queued: a task queue that never empties would starve the loop's reads
                channel.eventLoop().schedule(this::pump, 20, java.util.concurrent.TimeUnit.MICROSECONDS);
            }
        }
    }
}
