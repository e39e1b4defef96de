package io.jetstreamproto.transport.internal.udp;

import io.jetstreamproto.core.CloseReason;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Internal: a client connection's own UDP channel (connected to the server, so ICMP errors such as "port unreachable"
 * reach it) and the thin handler that feeds datagrams and timeouts to the engine and writes its output.
 */
public final class UdpClientDriver extends SimpleChannelInboundHandler<DatagramPacket> implements EngineDriver {
    private final InetSocketAddress remote;
    private Channel channel;
    private ConnectionEngine engine;
    private Sink sink;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;

    private UdpClientDriver(InetSocketAddress remote) {
        super(false); // we release the datagram ourselves after the engine has read it
        this.remote = remote;
    }

    /**
     * Binds a channel, connects it to {@code remote}, creates the engine on the channel's loop (via {@code factory})
     * and starts the handshake. The returned future completes when the driver is running.
     */
    public static java.util.concurrent.CompletableFuture<UdpClientDriver> start(InetSocketAddress remote,
            Function<UdpClientDriver, ConnectionEngine> factory) {
        TransportRuntime rt = TransportRuntime.get();
        UdpClientDriver d = new UdpClientDriver(remote);
        java.util.concurrent.CompletableFuture<UdpClientDriver> result = new java.util.concurrent.CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(rt.group()).channel(rt.channelClass())
                .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20).handler(d);
        ChannelFuture cf = b.connect(remote);
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            d.channel = cf.channel();
            try {
                d.engine = factory.apply(d);
                d.flush();
                result.complete(d);
            } catch (RuntimeException e) {
                d.channel.close();
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        try {
            if (engine != null && packet.sender().equals(remote)) {
                engine.handleDatagram(content, System.nanoTime());
            }
        } finally {
            packet.release();
        }
        if (sink != null) {
            sink.onInput();
        }
        flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (engine == null) {
            return;
        }
        if (cause instanceof PortUnreachableException && engine.state() == ConnectionEngine.State.HANDSHAKING) {
            engine.abort(CloseReason.INTERNAL_ERROR, "connection refused: nothing listens on " + remote
                    + " (ICMP port unreachable)");
            flush();
        }
        // other socket errors are transient for a datagram socket: the engine's timers deal with the consequences
    }

    @Override
    public void flush() {
        if (engine == null || channel == null) {
            return;
        }
        long now = System.nanoTime();
        boolean wrote = false;
        for (ByteBuf d = engine.pollTransmit(now); d != null; d = engine.pollTransmit(now)) {
            channel.write(new DatagramPacket(d, remote));
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
        for (ConnectionEvent e = engine.pollEvent(); e != null; e = engine.pollEvent()) {
            if (sink != null) {
                sink.onEvent(e);
            }
        }
        if (engine.isTerminated()) {
            cancelTimer();
            release();
            return;
        }
        rearm(engine.nextTimeoutNanos());
    }

    private void rearm(long deadline) {
        if (deadline == timerDeadline && timer != null) {
            return;
        }
        cancelTimer();
        timerDeadline = deadline;
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, deadline - System.nanoTime());
        timer = channel.eventLoop().schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        timerDeadline = Long.MAX_VALUE;
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        engine.handleTimeout(System.nanoTime());
        if (sink != null) {
            sink.onInput();
        }
        flush();
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public ConnectionEngine engine() {
        return engine;
    }

    @Override
    public void setSink(Sink sink) {
        this.sink = sink;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void release() {
        if (channel != null && channel.isOpen()) {
            channel.close();
        }
    }
}
