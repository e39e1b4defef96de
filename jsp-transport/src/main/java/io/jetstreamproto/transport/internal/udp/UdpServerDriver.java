package io.jetstreamproto.transport.internal.udp;

import io.jetstreamproto.core.ConnectionConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.HandshakeJob;
import io.jetstreamproto.core.internal.endpoint.ServerConnection;
import io.jetstreamproto.core.internal.endpoint.ServerEndpoint;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Internal: the UDP socket of a listener and its {@link ServerEndpoint}. Datagrams go to the endpoint on the socket's
 * event loop; handshake jobs run on the shared worker pool and come back to the loop; one timer serves the endpoint
 * and all its connections.
 */
public final class UdpServerDriver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final ServerEndpoint endpoint;
    private final Consumer<ServerConnectionDriver> onAccepted;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean flushing;

    private UdpServerDriver(ServerEndpoint endpoint, Consumer<ServerConnectionDriver> onAccepted) {
        super(false);
        this.endpoint = endpoint;
        this.onAccepted = onAccepted;
    }

    /** Binds {@code address} and starts serving. */
    public static CompletableFuture<UdpServerDriver> bind(InetSocketAddress address, ConnectionConfig config,
            ServerHandshakeParams handshake, EndpointConfig endpointConfig,
            Consumer<ServerConnectionDriver> onAccepted) {
        TransportRuntime rt = TransportRuntime.get();
        ServerEndpoint endpoint = new ServerEndpoint(config, handshake, endpointConfig, rt.random(),
                io.netty.buffer.PooledByteBufAllocator.DEFAULT, System.nanoTime());
        UdpServerDriver d = new UdpServerDriver(endpoint, onAccepted);
        CompletableFuture<UdpServerDriver> result = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(rt.group()).channel(rt.channelClass())
                .option(ChannelOption.SO_RCVBUF, 8 << 20).option(ChannelOption.SO_SNDBUF, 8 << 20).handler(d);
        b.bind(address).addListener(f -> {
            if (f.isSuccess()) {
                d.channel = ((io.netty.channel.ChannelFuture) f).channel();
                result.complete(d);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ServerConnection target;
        try {
            target = endpoint.handleDatagram(packet.content(), packet.sender(), System.nanoTime());
        } finally {
            packet.release();
        }
        if (target != null && target.attachment instanceof ServerConnectionDriver driver) {
            driver.onInput();
        }
        dispatchHandshakes();
        flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP errors for one client must not stop the socket; each connection's timers handle loss
    }

    private void dispatchHandshakes() {
        for (HandshakeJob job = endpoint.pollHandshakeJob(); job != null; job = endpoint.pollHandshakeJob()) {
            HandshakeJob j = job;
            TransportRuntime.get().handshakeWorkers().execute(() -> {
                j.run(); // the expensive part, off the event loop (SR-30)
                channel.eventLoop().execute(() -> {
                    endpoint.completeHandshake(j, System.nanoTime());
                    flush();
                });
            });
        }
    }

    /** Sends everything every connection has, dispatches events, re-arms the timer. Runs on the loop. */
    public void flush() {
        if (flushing) {
            return; // re-entered from an event callback: the outer loop will pick the work up
        }
        flushing = true;
        try {
            long now = System.nanoTime();
            boolean wrote = false;
            for (ServerEndpoint.Outgoing o = endpoint.pollTransmit(now); o != null; o = endpoint.pollTransmit(now)) {
                channel.write(new DatagramPacket(o.datagram(), o.recipient()));
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
            for (ServerConnection c = endpoint.pollAccepted(); c != null; c = endpoint.pollAccepted()) {
                ServerConnectionDriver driver = new ServerConnectionDriver(this, c);
                c.attachment = driver;
                onAccepted.accept(driver);
            }
            for (ServerConnection c = endpoint.pollConnectionWithEvents(); c != null;
                    c = endpoint.pollConnectionWithEvents()) {
                deliverEvents(c);
            }
            rearm(endpoint.nextTimeoutNanos());
        } finally {
            flushing = false;
        }
    }

    void deliverEvents(ServerConnection c) {
        if (!(c.attachment instanceof ServerConnectionDriver driver)) {
            return;
        }
        for (ConnectionEvent e = c.pollEvent(); e != null; e = c.pollEvent()) {
            driver.deliver(e);
        }
    }

    void touched(ServerConnection c) {
        endpoint.touched(c, System.nanoTime());
        flush();
    }

    private void rearm(long deadline) {
        if (deadline == timerDeadline && timer != null) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        timerDeadline = deadline;
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        timer = channel.eventLoop().schedule(this::onTimer, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        long now = System.nanoTime();
        endpoint.handleTimeout(now);
        flush();
    }

    public EventLoop loop() {
        return channel.eventLoop();
    }

    public ServerEndpoint endpoint() {
        return endpoint;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Aborts every connection and closes the socket. */
    public CompletableFuture<Void> close(io.jetstreamproto.core.CloseReason reason) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            long now = System.nanoTime();
            for (ServerConnection c : endpoint.connections()) {
                c.engine().close(reason, "server shutting down", now);
                endpoint.touched(c, now);
            }
            flush();
            for (ServerConnection c : endpoint.connections()) {
                c.engine().abort(reason, "server shut down");
                deliverEvents(c);
            }
            if (timer != null) {
                timer.cancel(false);
            }
            channel.close().addListener(f -> done.complete(null));
        });
        return done;
    }

    /** Internal: the driver of one accepted connection. */
    public static final class ServerConnectionDriver implements EngineDriver {
        private final UdpServerDriver server;
        private final ServerConnection connection;
        private Sink sink;
        private final java.util.ArrayDeque<ConnectionEvent> early = new java.util.ArrayDeque<>();

        ServerConnectionDriver(UdpServerDriver server, ServerConnection connection) {
            this.server = server;
            this.connection = connection;
        }

        void deliver(ConnectionEvent e) {
            if (sink == null) {
                early.add(e);
            } else {
                sink.onEvent(e);
            }
        }

        void onInput() {
            if (sink != null) {
                sink.onInput();
            }
        }

        @Override
        public EventLoop loop() {
            return server.loop();
        }

        @Override
        public ConnectionEngine engine() {
            return connection.engine();
        }

        @Override
        public void flush() {
            server.touched(connection);
        }

        @Override
        public void setSink(Sink sink) {
            this.sink = sink;
            for (ConnectionEvent e = early.poll(); e != null; e = early.poll()) {
                sink.onEvent(e);
            }
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return connection.address();
        }

        @Override
        public InetSocketAddress localAddress() {
            return server.localAddress();
        }

        @Override
        public void release() {
            // the socket belongs to the listener
        }
    }
}
