package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import io.jetstreamproto.transport.internal.TransportResources;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DatagramPacket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Figure 2: request/response round-trip time of small messages. An application thread sends, the server echoes on
 * its event loop, the application thread blocks until the answer is back; measured per message with
 * {@link System#nanoTime()}. The raw baseline has the same shape on the same loops: the application thread writes to
 * a Netty UDP channel, the server handler echoes, the client handler hands the answer to a blocking queue.
 */
final class EchoRtt {
    private EchoRtt() {}

    static Json.Obj jsp(int size, int warmup, int samples) throws Exception {
        try (Listener server = Loopback.listen()) {
            server.onConnection(peer -> peer.onMessage(m -> peer.sendAsync(m.streamId(), m.data())));
            try (Connection client = Connection.connect(server.localAddress(), ConnectionConfig.defaults(),
                    ServerTrust.pinned(server.publicKeys()))) {
                Stream stream = client.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
                byte[] request = new byte[size];
                Histogram h = Loopback.nanosHistogram();
                int timeouts = 0;
                for (int i = -warmup; i < samples; i++) {
                    long t0 = System.nanoTime();
                    stream.send(request);
                    Message m = client.receive(Duration.ofSeconds(5));
                    long rtt = System.nanoTime() - t0;
                    if (m == null) {
                        timeouts++;
                        continue;
                    }
                    if (i >= 0) {
                        h.recordValue(rtt);
                    }
                }
                return Loopback.latency(h).put("timeouts", timeouts)
                        .put("packets_lost", client.stats().packetsLost());
            }
        }
    }

    static Json.Obj rawNetty(int size, int warmup, int samples) throws Exception {
        TransportResources rt = TransportResources.acquireShared(); // held for the process: benchmarks exit
        Channel echo = new Bootstrap().group(rt.group()).channel(rt.datagramChannelClass())
                .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket p = (DatagramPacket) msg;
                        ctx.writeAndFlush(new DatagramPacket(p.content(), p.sender()));
                    }
                }).bind(Loopback.anyPort()).sync().channel();
        LinkedBlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
        Channel client = null;
        try {
            for (int attempt = 0; attempt < 4; attempt++) {
                Channel ch = new Bootstrap().group(rt.group()).channel(rt.datagramChannelClass())
                        .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                        .handler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                DatagramPacket p = (DatagramPacket) msg;
                                answers.add(p.content().readableBytes());
                                p.release();
                            }
                        }).connect(echo.localAddress()).sync().channel();
                if (ch.eventLoop() != echo.eventLoop() || attempt == 3) {
                    client = ch;
                    break;
                }
                ch.close().sync();
            }
            byte[] request = new byte[size];
            Histogram h = Loopback.nanosHistogram();
            int timeouts = 0;
            for (int i = -warmup; i < samples; i++) {
                long t0 = System.nanoTime();
                client.writeAndFlush(Unpooled.copiedBuffer(request)); // a copy, as Connection.send copies
                Integer got = answers.poll(1, TimeUnit.SECONDS);
                long rtt = System.nanoTime() - t0;
                if (got == null) {
                    timeouts++;
                    continue;
                }
                if (i >= 0) {
                    h.recordValue(rtt);
                }
            }
            return Loopback.latency(h).put("timeouts", timeouts);
        } finally {
            if (client != null) {
                client.close().sync();
            }
            echo.close().sync();
        }
    }
}
