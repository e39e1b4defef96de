package io.jetstreamproto.benchmarks.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.X509Bundle;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Netty's QUIC codec (quiche + BoringSSL) with the hybrid X25519MLKEM768 key exchange on both sides, ECDSA P-256
 * certificate, one bidirectional stream per connection, writes driven by {@code isWritable}; flow-control windows as
 * JSP's (16 MiB per stream, 64 MiB per connection); no Retry (as JSP, which retries only under load).
 */
final class NettyQuicSystem implements PeerSystem {
    static final String[] GROUPS = {"X25519MLKEM768"};
    private static final int BULK_WRITE = 64 * 1024;
    private static final String ALPN = "jsp-bench";

    private final String name;
    private final QuicCongestionControlAlgorithm cc;
    private final ByteBuf payload = NettyPeers.payload(BULK_WRITE);

    NettyQuicSystem(String name, QuicCongestionControlAlgorithm cc) {
        this.name = name;
        this.cc = cc;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Workload.Kind> supports() {
        return EnumSet.allOf(Workload.Kind.class);
    }

    @Override
    public String describe() {
        return "Netty QUIC " + nettyVersion("netty-codec-classes-quic") + " (quiche + BoringSSL), "
                + "groups " + String.join(",", GROUPS) + ", ECDSA P-256, " + cc + ", one bidirectional stream, "
                + BULK_WRITE / 1024 + " KiB writes";
    }

    static String nettyVersion(String artifact) {
        var versions = io.netty.util.Version.identify();
        io.netty.util.Version v = versions.get(artifact);
        if (v == null) { // the shaded jar keeps one version file; every Netty module of a release has one version
            v = versions.get("netty-common");
        }
        return v == null ? "?" : v.artifactVersion();
    }

    @Override
    public PeerServer startServer(ServerMode mode, int recordSize) throws Exception {
        X509Bundle cert = NettyPeers.certificate();
        QuicSslContext tls = QuicSslContextBuilder.forServer(cert.getKeyPair().getPrivate(), null,
                cert.getCertificate()).applicationProtocols(ALPN).option(BoringSSLContextOption.GROUPS, GROUPS)
                .build();
        Sinks.Counters counters = new Sinks.Counters();
        Sinks.Latencies latencies = new Sinks.Latencies();
        ChannelHandler codec = new QuicServerCodecBuilder().sslContext(tls)
                .maxIdleTimeout(10, TimeUnit.MINUTES)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .initialMaxStreamDataBidirectionalRemote(16L << 20)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(100)
                .congestionControlAlgorithm(cc)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        switch (mode) {
                            case SINK -> ch.pipeline().addLast(new NettyPeers.CountingHandler(counters.newConnection()));
                            case ECHO -> ch.pipeline().addLast(NettyPeers.EchoHandler.INSTANCE);
                            case LATENCY -> ch.pipeline().addLast(new FixedLengthFrameDecoder(recordSize),
                                    new NettyPeers.LatencyHandler(latencies));
                        }
                    }
                })
                .build();
        Channel server = new Bootstrap().group(NettyPeers.group()).channel(NettyPeers.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20)
                .handler(codec).bind(NettyPeers.loopback(0)).sync().channel();
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

    private volatile QuicSslContext clientTls;

    /** One client context for all connections (as one would in an application), made outside the timed part. */
    private QuicSslContext clientTls() {
        if (clientTls == null) {
            clientTls = QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .applicationProtocols(ALPN).option(BoringSSLContextOption.GROUPS, GROUPS).build();
        }
        return clientTls;
    }

    @Override
    public PeerClient connect(Target target) throws Exception {
        QuicSslContext tls = clientTls();
        int port = target.address().getPort();
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslEngineProvider(ch -> tls.newEngine(ch.alloc(), "localhost", port))
                .maxIdleTimeout(10, TimeUnit.MINUTES)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .initialMaxStreamDataBidirectionalRemote(16L << 20)
                .congestionControlAlgorithm(cc)
                .build();
        Channel udp = new Bootstrap().group(NettyPeers.group()).channel(NettyPeers.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(codec).bind(NettyPeers.loopback(0)).sync().channel();
        try {
            QuicChannel quic = QuicChannel.newBootstrap(udp)
                    .handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(target.address())
                    .connect().get(10, TimeUnit.SECONDS);
            return new Client(udp, quic);
        } catch (Exception e) {
            udp.close();
            throw e;
        }
    }

    private final class Client implements PeerClient {
        private final Channel udp;
        private final QuicChannel quic;
        private final Sinks.EchoWaiter echo = new Sinks.EchoWaiter();
        private final NettyPeers.BulkPump pump = new NettyPeers.BulkPump(payload);
        private QuicStreamChannel stream;

        Client(Channel udp, QuicChannel quic) {
            this.udp = udp;
            this.quic = quic;
        }

        private QuicStreamChannel stream() throws Exception {
            if (stream == null) {
                stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1 << 20, 2 << 20));
                        ch.pipeline().addLast(new NettyPeers.EchoReceiver(echo), pump);
                    }
                }).sync().getNow();
            }
            return stream;
        }

        @Override
        public void sendBulk(BooleanSupplier stop) throws Exception {
            pump.run(stream(), stop);
        }

        @Override
        public void roundTrip(byte[] request) throws Exception {
            stream().writeAndFlush(Unpooled.wrappedBuffer(request));
            echo.await(request.length);
        }

        @Override
        public void sendRecord(byte[] record) throws Exception {
            stream().writeAndFlush(Unpooled.copiedBuffer(record), stream().voidPromise());
        }

        @Override
        public Map<String, Double> senderStats() {
            Map<String, Double> m = new LinkedHashMap<>();
            try {
                QuicConnectionStats s = quic.collectStats().get(2, TimeUnit.SECONDS);
                m.put("wire_bytes_sent", (double) s.sentBytes());
                m.put("packets_lost", (double) s.lost());
                m.put("retransmitted_bytes", (double) s.streamRetransBytes());
            } catch (Exception e) {
                // connection already gone: no stats
            }
            return m;
        }

        @Override
        public void close() throws Exception {
            quic.close().await(5, TimeUnit.SECONDS);
            udp.close().await(5, TimeUnit.SECONDS);
        }
    }
}
