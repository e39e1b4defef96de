package io.jetstreamproto.benchmarks.peers;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.FixedLengthFrameDecoder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.X509Bundle;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * TCP on Netty: raw (the limit of a reliable byte stream through the kernel) or under TLS 1.3 with the JDK's provider
 * or BoringSSL (netty-tcnative). TCP_NODELAY on, 64 KiB writes driven by {@code isWritable}. BoringSSL negotiates the
 * hybrid X25519MLKEM768 group like the QUIC peer; the JDK 17 provider has no hybrid group and uses its default
 * (x25519).
 */
final class TcpSystem implements PeerSystem {
    private static final int BULK_WRITE = 64 * 1024;

    /** No TLS, TLS with the JDK provider, TLS with BoringSSL. */
    enum Security {
        NONE, JDK, BORINGSSL
    }

    private final String name;
    private final Security security;
    private final ByteBuf payload = NettyPeers.payload(BULK_WRITE);
    private volatile SslContext clientTls;

    TcpSystem(String name, Security security) {
        this.name = name;
        this.security = security;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Workload.Kind> supports() {
        // TCP cannot pass the UDP impairment proxy (see the document: no netem, a TCP relay cannot drop segments)
        return EnumSet.of(Workload.Kind.BULK, Workload.Kind.PARALLEL, Workload.Kind.RR, Workload.Kind.HANDSHAKE,
                Workload.Kind.IDLE);
    }

    @Override
    public String describe() {
        return switch (security) {
            case NONE -> "Netty " + NettyQuicSystem.nettyVersion("netty-transport") + " TCP, no encryption, TCP_NODELAY, " + BULK_WRITE / 1024 + " KiB writes";
            case JDK -> "TLS 1.3 over Netty TCP, JDK provider (" + jdkDefaultGroups() + "), ECDSA P-256, "
                    + BULK_WRITE / 1024 + " KiB writes";
            case BORINGSSL -> "TLS 1.3 over Netty TCP, BoringSSL via netty-tcnative ("
                    + OpenSsl.versionString() + "), group " + String.join(",", NettyQuicSystem.GROUPS)
                    + ", ECDSA P-256, " + BULK_WRITE / 1024 + " KiB writes";
        };
    }

    private static String jdkDefaultGroups() {
        String groups = System.getProperty("jdk.tls.namedGroups");
        return groups == null ? "default groups, x25519 first" : "groups " + groups;
    }

    private SslContext serverTls() throws Exception {
        X509Bundle cert = NettyPeers.certificate();
        SslContextBuilder b = SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificate())
                .protocols("TLSv1.3");
        return finish(b);
    }

    private SslContext clientTls() throws Exception {
        if (clientTls == null) {
            SslContextBuilder b = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null).protocols("TLSv1.3");
            clientTls = finish(b);
        }
        return clientTls;
    }

    private SslContext finish(SslContextBuilder b) throws Exception {
        if (security == Security.BORINGSSL) {
            b.sslProvider(SslProvider.OPENSSL).option(OpenSslContextOption.GROUPS, NettyQuicSystem.GROUPS);
        } else {
            b.sslProvider(SslProvider.JDK);
        }
        return b.build();
    }

    @Override
    public PeerServer startServer(ServerMode mode, int recordSize) throws Exception {
        SslContext tls = security == Security.NONE ? null : serverTls();
        Sinks.Counters counters = new Sinks.Counters();
        Sinks.Latencies latencies = new Sinks.Latencies();
        Channel server = new ServerBootstrap().group(NettyPeers.group()).channel(NettyPeers.serverSocketChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast(tls.newHandler(ch.alloc()));
                        }
                        switch (mode) {
                            case SINK -> p.addLast(new NettyPeers.CountingHandler(counters.newConnection()));
                            case ECHO -> p.addLast(NettyPeers.EchoHandler.INSTANCE);
                            case LATENCY -> p.addLast(new FixedLengthFrameDecoder(recordSize),
                                    new NettyPeers.LatencyHandler(latencies));
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
        SslContext tls = security == Security.NONE ? null : clientTls();
        Sinks.EchoWaiter echo = new Sinks.EchoWaiter();
        NettyPeers.BulkPump pump = new NettyPeers.BulkPump(payload);
        SslHandler[] ssl = new SslHandler[1];
        Channel ch = new Bootstrap().group(NettyPeers.group()).channel(NettyPeers.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 2 << 20))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel c) {
                        if (tls != null) {
                            ssl[0] = tls.newHandler(c.alloc(), "localhost", target.address().getPort());
                            c.pipeline().addLast(ssl[0]);
                        }
                        c.pipeline().addLast(new NettyPeers.EchoReceiver(echo), pump);
                    }
                }).connect(target.address()).sync().channel();
        if (ssl[0] != null && !ssl[0].handshakeFuture().await(10, TimeUnit.SECONDS)) {
            ch.close();
            throw new IllegalStateException("TLS handshake did not finish within 10 s");
        }
        if (ssl[0] != null && !ssl[0].handshakeFuture().isSuccess()) {
            ch.close();
            throw new IllegalStateException("TLS handshake failed", ssl[0].handshakeFuture().cause());
        }
        return new PeerClient() {
            @Override
            public void sendBulk(BooleanSupplier stop) throws Exception {
                pump.run(ch, stop);
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
}
