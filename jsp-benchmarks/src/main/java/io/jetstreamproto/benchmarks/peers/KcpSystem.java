package io.jetstreamproto.benchmarks.peers;

import com.backblaze.erasure.FecAdapt;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import kcp.ChannelConfig;
import kcp.KcpClient;
import kcp.KcpListener;
import kcp.KcpServer;
import kcp.Ukcp;
import org.HdrHistogram.Histogram;

/**
 * java-Kcp ({@code kcp-base}) with Reed-Solomon FEC 10+3, the settings of its README for low latency:
 * {@code nodelay(true, 10, 2, true)}, windows 1024/1024, MTU 1400, ACK without delay, conv-based demultiplexing, a
 * write buffer of 256 messages for backpressure. No handshake and no encryption.
 */
final class KcpSystem implements PeerSystem {
    private static final int BULK_MESSAGE = 8 * 1024;
    private static final AtomicInteger CONV = new AtomicInteger(1000);

    private final ByteBuf payload = NettyPeers.payload(BULK_MESSAGE);
    private KcpClient client;
    private ChannelConfig clientConfig;

    static ChannelConfig config() {
        ChannelConfig c = new ChannelConfig();
        c.nodelay(true, 10, 2, true);
        c.setSndwnd(1024);
        c.setRcvwnd(1024);
        c.setMtu(1400);
        c.setAckNoDelay(true);
        c.setUseConvChannel(true);
        c.setFecAdapt(new FecAdapt(10, 3));
        c.setCrc32Check(false);
        c.setTimeoutMillis(600_000);
        c.setWriteBufferSize(256 * 1400); // bytes, divided by the MTU: 256 messages may wait
        return c;
    }

    @Override
    public String name() {
        return "java-Kcp+FEC";
    }

    @Override
    public Set<Workload.Kind> supports() {
        return EnumSet.of(Workload.Kind.BULK, Workload.Kind.PARALLEL, Workload.Kind.RR, Workload.Kind.IDLE,
                Workload.Kind.LOSS);
    }

    @Override
    public String describe() {
        return "java-Kcp 1.6 (kcp-base), FEC 10+3, nodelay(true,10,2,true), wnd 1024/1024, MTU 1400, ackNoDelay, "
                + BULK_MESSAGE / 1024 + " KiB messages; no handshake, no encryption";
    }

    @Override
    public PeerServer startServer(ServerMode mode, int recordSize) throws Exception {
        Sinks.Counters counters = new Sinks.Counters();
        Sinks.Latencies latencies = new Sinks.Latencies();
        Map<Ukcp, AtomicLong> byConnection = new ConcurrentHashMap<>();
        close(); // a fresh client for each server: java-Kcp's timers do not survive a stopped peer well
        KcpServer server = new KcpServer();
        int port = freeUdpPort();
        server.init(new KcpListener() {
            @Override
            public void onConnected(Ukcp ukcp) {
                ukcp.setByteBufAllocator(PooledByteBufAllocator.DEFAULT); // see widenReceiveBuffers
                if (mode == ServerMode.SINK) {
                    byConnection.put(ukcp, counters.newConnection());
                }
            }

            @Override
            public void handleReceive(ByteBuf buf, Ukcp ukcp) { // the library releases buf after this returns
                switch (mode) {
                    case SINK -> byConnection.computeIfAbsent(ukcp, u -> counters.newConnection())
                            .addAndGet(buf.readableBytes());
                    case ECHO -> ukcp.write(buf); // writes a retained duplicate
                    case LATENCY -> latencies.record(buf.getLong(buf.readerIndex()));
                }
            }

            @Override
            public void handleException(Throwable ex, Ukcp ukcp) {
                // counted as nothing: the benchmark sees it as missing bytes
            }

            @Override
            public void handleClose(Ukcp ukcp) {
                byConnection.remove(ukcp);
            }
        }, config(), port);
        widenReceiveBuffers(server);
        InetSocketAddress address = NettyPeers.loopback(port);
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
            public void close() {
                server.stop();
            }
        };
    }

    /**
     * java-Kcp was written for Netty 4.1, whose datagram reads handed out buffers with spare capacity; its FEC
     * decoder pads recovered shards by writing into the received buffer. Netty 4.2 hands out exact-size slices, so
     * every recovery failed ("exceeds maxCapacity") and the connection stalled. Its FEC encoder likewise writes
     * parity past the capacity of the output buffers it allocates; with Netty 4.2's adaptive allocator that throws
     * (and leaves the encoder broken), so every Ukcp gets the pooled allocator, which has room to grow. A handler in front of java-Kcp's own
     * copies each datagram into a buffer with room to spare. Its bootstraps and channels are private, so they are
     * reached by reflection.
     */
    private static void widenReceiveBuffers(Object kcpEndpoint) {
        try {
            for (java.lang.reflect.Field f : kcpEndpoint.getClass().getDeclaredFields()) {
                f.setAccessible(true);
                Object v = f.get(kcpEndpoint);
                if (v instanceof io.netty.bootstrap.Bootstrap b) {
                    io.netty.channel.ChannelHandler original = b.config().handler();
                    b.handler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                        @Override
                        protected void initChannel(io.netty.channel.Channel ch) {
                            ch.pipeline().addLast(Widen.INSTANCE, original);
                        }
                    });
                } else if (v instanceof java.util.List<?> list) {
                    for (Object o : list) {
                        if (o instanceof io.netty.channel.Channel ch) {
                            ch.pipeline().addFirst(Widen.INSTANCE);
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach java-Kcp's channels", e);
        }
    }

    /** Copies a received datagram into a buffer of 2 × MTU capacity (see {@link #widenReceiveBuffers}). */
    @io.netty.channel.ChannelHandler.Sharable
    private static final class Widen extends io.netty.channel.ChannelInboundHandlerAdapter {
        static final Widen INSTANCE = new Widen();

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.channel.socket.DatagramPacket p) {
                ByteBuf content = p.content();
                ByteBuf wide = ctx.alloc().directBuffer(Math.max(2 * 1400, content.readableBytes() * 2));
                wide.writeBytes(content, content.readerIndex(), content.readableBytes());
                io.netty.channel.socket.DatagramPacket copy =
                        new io.netty.channel.socket.DatagramPacket(wide, p.recipient(), p.sender());
                p.release();
                ctx.fireChannelRead(copy);
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private synchronized Ukcp open(InetSocketAddress address, KcpListener listener) {
        if (client == null) {
            clientConfig = config();
            client = new KcpClient();
            client.init(clientConfig);
            widenReceiveBuffers(client);
        }
        clientConfig.setConv(CONV.incrementAndGet()); // the conv is read when the Ukcp is made
        Ukcp ukcp = client.connect(address, clientConfig, listener);
        ukcp.setByteBufAllocator(PooledByteBufAllocator.DEFAULT); // see widenReceiveBuffers
        return ukcp;
    }

    @Override
    public PeerClient connect(Target target) {
        Sinks.EchoWaiter echo = new Sinks.EchoWaiter();
        Ukcp ukcp = open(target.address(), new KcpListener() {
            @Override
            public void onConnected(Ukcp u) {}

            @Override
            public void handleReceive(ByteBuf buf, Ukcp u) {
                echo.received(buf.readableBytes());
            }

            @Override
            public void handleException(Throwable ex, Ukcp u) {}

            @Override
            public void handleClose(Ukcp u) {}
        });
        return new PeerClient() {
            @Override
            public void sendBulk(BooleanSupplier stop) {
                while (!stop.getAsBoolean() && ukcp.isActive()) {
                    if (!ukcp.write(payload.duplicate())) {
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50)); // write buffer full
                    }
                }
            }

            @Override
            public void roundTrip(byte[] request) throws Exception {
                ByteBuf b = Unpooled.wrappedBuffer(request);
                try {
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (!ukcp.write(b)) {
                        if (System.nanoTime() > deadline || !ukcp.isActive()) {
                            throw new IllegalStateException("KCP write buffer stayed full for 5 s");
                        }
                        LockSupport.parkNanos(50_000);
                    }
                } finally {
                    b.release();
                }
                echo.await(request.length);
            }

            @Override
            public void sendRecord(byte[] record) {
                ByteBuf b = Unpooled.wrappedBuffer(record);
                try {
                    ukcp.write(b);
                } finally {
                    b.release();
                }
            }

            @Override
            public void close() {
                ukcp.close();
            }
        };
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }
}
