package io.jetstreamproto.transport.internal.udp;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.endpoint.DatagramEndpoint;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.endpoint.HandshakeJob;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.transport.internal.EngineBackend;
import io.jetstreamproto.transport.CloseInfo;
import io.jetstreamproto.transport.internal.EngineHost;
import io.jetstreamproto.transport.internal.Loggers;
import io.jetstreamproto.transport.internal.jfr.JfrEvents;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One UDP socket of an endpoint, on one event loop, with the sans-IO {@link DatagramEndpoint} that owns its
 * connections: the thin Netty handler that feeds it datagrams and timeouts and writes what it produces. A datagram
 * whose connection id names another worker (its socket shares the port through SO_REUSEPORT, and the kernel hashes
 * by address, which changes when a client's NAT mapping does) is handed to that worker's loop.
 *
 * <p>Output is flushed once per read batch ({@code channelReadComplete}), after each timer, and after application
 * calls; one timer per worker serves every connection (the endpoint keeps them in a heap).
 */
final class UdpWorker extends SimpleChannelInboundHandler<DatagramPacket> implements EngineHost {
    private final UdpEndpoint owner;
    private final int index;
    final DatagramEndpoint endpoint;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean flushing;
    private boolean flushScheduled;
    private boolean readPending;
    /** Connected sockets that catch ICMP errors for servers with a handshake in progress (see {@link #watch}). */
    private final Map<InetSocketAddress, IcmpWatcher> watchers = new HashMap<>();
    private final Map<EndpointConnection, InetSocketAddress> watched = new HashMap<>();

    UdpWorker(UdpEndpoint owner, int index, DatagramEndpoint endpoint) {
        super(false); // the datagram is released here, after the endpoint has read it
        this.owner = owner;
        this.index = index;
        this.endpoint = endpoint;
    }

    void bound(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * The clock of this worker's connections: its event loop's ticker (System.nanoTime on a real loop, a mock
     * ticker the test advances on an embedded one). Every time handed to the endpoint comes from here.
     */
    long now() {
        return loop().ticker().nanoTime();
    }

    // ------------------------------------------------------------------ input

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        int target = endpoint.layout().workerOf(packet.content());
        if (target >= 0 && target != index && owner.worker(target) != null) {
            owner.worker(target).receiveForwarded(packet); // ownership moves with it
            return;
        }
        receive(packet);
        readPending = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readPending) {
            readPending = false;
            flush();
        }
    }

    private void receive(DatagramPacket packet) {
        try {
            EndpointConnection c = endpoint.handleDatagram(packet.content(), packet.sender(), now());
            if (c == null) {
                return;
            }
        } finally {
            packet.release();
        }
    }

    /** A datagram another worker's socket received for a connection of ours. Any thread. */
    void receiveForwarded(DatagramPacket packet) {
        try {
            loop().execute(() -> {
                receive(packet);
                flush();
            });
        } catch (RejectedExecutionException e) {
            packet.release(); // shutting down
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A datagram socket's errors (ICMP unreachable for one peer, a full buffer) are transient for the socket;
        // each connection's timers deal with the consequences. Counted so that they are not invisible.
        owner.socketErrors.incrementAndGet();
    }

    // ------------------------------------------------------------------ output

    @Override
    public void kick(EngineBackend backend) {
        endpoint.touch((EndpointConnection) backend.hostData);
        scheduleFlush();
    }

    /** Flushes now if on the loop and not already flushing, else soon. */
    void scheduleFlush() {
        if (flushing) {
            return; // the flush in progress picks the work up
        }
        if (loop().inEventLoop()) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            loop().execute(this::flush);
        }
    }

    /** Sends everything, starts handshake jobs, delivers events, re-arms the timer. On the loop. */
    void flush() {
        flushScheduled = false;
        if (flushing || channel == null) {
            return;
        }
        flushing = true;
        try {
            do {
                long now = now();
                boolean wrote = false;
                for (ByteBuf d = endpoint.pollTransmit(now); d != null; d = endpoint.pollTransmit(now)) {
                    channel.write(new DatagramPacket(d, endpoint.transmitDestination()), channel.voidPromise());
                    owner.datagramsSent.incrementAndGet();
                    wrote = true;
                }
                if (wrote) {
                    channel.flush();
                }
                dispatchHandshakes();
                for (EndpointConnection c = endpoint.pollCreated(); c != null; c = endpoint.pollCreated()) {
                    owner.serverConnectionCreated(this, c);
                }
                for (EndpointConnection c = endpoint.pollTouched(); c != null; c = endpoint.pollTouched()) {
                    if (c.isRemoved() || c.engine().state() != ConnectionEngine.State.HANDSHAKING) {
                        unwatch(c);
                    }
                    if (c.attachment instanceof EngineBackend b) {
                        b.drainEvents();
                        if (c.isRemoved()) {
                            owner.connectionEnded(b);
                        }
                    }
                }
            } while (endpoint.hasWork());
            rearm(endpoint.nextTimeoutNanos());
        } finally {
            flushing = false;
        }
    }

    private void dispatchHandshakes() {
        for (HandshakeJob job = endpoint.pollHandshakeJob(); job != null; job = endpoint.pollHandshakeJob()) {
            HandshakeJob j = job;
            try {
                owner.resources().handshakeWorkers().execute(() -> {
                    try {
                        j.run(); // the expensive part, off the event loop (SR-30)
                    } finally {
                        complete(j);
                    }
                });
            } catch (RejectedExecutionException e) {
                complete(j); // the pool is saturated or shut down: the job fails and is counted
            }
        }
    }

    private void complete(HandshakeJob j) {
        try {
            loop().execute(() -> {
                endpoint.completeHandshake(j, now());
                String failure = j.failureMessage();
                if (failure != null) { // one per ClientHello that got this far, behind the half-open limit
                    Loggers.LISTENER.debug("handshake from {} failed: {}", j.sender(), failure);
                    JfrEvents.handshakeFailed(j.sender(), false, new CloseInfo(
                            io.jetstreamproto.transport.CloseReason.PROTOCOL_ERROR, 0,
                            failure, false), 0);
                }
                flush();
            });
        } catch (RejectedExecutionException e) {
            // the endpoint is closing; the job's session (if any) dies with it
        }
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
        timer = loop().schedule(this::onTimer, Math.max(0, deadline - now()), TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        endpoint.handleTimeout(now());
        flush();
    }

    // ------------------------------------------------------------------ ICMP during handshakes

    /**
     * While client connection {@code c} handshakes with {@code server}, a socket connected to the server and bound
     * to this worker's port (SO_REUSEPORT) receives that server's datagrams and — because it is connected — the
     * kernel's ICMP errors for it, which an unconnected shared socket never sees. A "port unreachable" then ends the
     * handshakes to that server that have heard nothing from it at once ("nothing listens") instead of after the
     * connect timeout. One such socket per server with handshakes in progress; closed when they are done. Only with
     * native epoll; with NIO the timeout remains.
     */
    void watch(EndpointConnection c, InetSocketAddress server) {
        if (!owner.resources().isEpoll()) {
            return;
        }
        IcmpWatcher w = watchers.get(server);
        if (w == null) {
            w = new IcmpWatcher(server);
            watchers.put(server, w);
            w.open();
        }
        w.refs++;
        watched.put(c, server);
    }

    private void unwatch(EndpointConnection c) {
        InetSocketAddress server = watched.remove(c);
        if (server == null) {
            return;
        }
        IcmpWatcher w = watchers.get(server);
        if (w != null && --w.refs == 0) {
            watchers.remove(server);
            w.close();
        }
    }

    private void onUnreachable(InetSocketAddress server) {
        for (Map.Entry<EndpointConnection, InetSocketAddress> e : watched.entrySet()) {
            EndpointConnection c = e.getKey();
            if (e.getValue().equals(server) && c.engine().state() == ConnectionEngine.State.HANDSHAKING
                    && c.engine().path().bytesReceived() == 0) {
                c.engine().abort(CloseReason.INTERNAL_ERROR, "connection refused: nothing listens on " + server
                        + " (ICMP port unreachable)");
                endpoint.touch(c);
            }
        }
        flush();
    }

    /** The connected socket of {@link #watch}; it feeds what it receives to the worker like the main socket. */
    private final class IcmpWatcher extends SimpleChannelInboundHandler<DatagramPacket> {
        final InetSocketAddress server;
        int refs;
        private Channel ch;
        private boolean closed;

        IcmpWatcher(InetSocketAddress server) {
            super(false);
            this.server = server;
        }

        void open() {
            // The kernel hands this socket everything the server sends to our port while it exists (established
            // connections' packets too), so it gets the same buffers and batched reads as the main socket.
            io.netty.bootstrap.Bootstrap b = new io.netty.bootstrap.Bootstrap().group(loop())
                    .channel(owner.resources().datagramChannelClass())
                    .option(io.netty.channel.unix.UnixChannelOption.SO_REUSEPORT, true).handler(this);
            UdpEndpoint.socketOptions(b, true);
            b.connect(server, localAddress()).addListener((io.netty.channel.ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            return; // no watcher: the connect timeout still ends a refused handshake
                        }
                        ch = f.channel();
                        if (closed) {
                            ch.close();
                        }
                    });
        }

        void close() {
            closed = true;
            if (ch != null) {
                ch.close();
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            receive(packet);
            readPending = true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (readPending) {
                readPending = false;
                flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof PortUnreachableException) {
                onUnreachable(server);
            } else {
                owner.socketErrors.incrementAndGet();
            }
        }
    }

    /** Closes every connection with {@code reason} (the peers are told), aborts what remains, closes the socket. */
    void shutdown(CloseReason reason, String phrase, Runnable done) {
        long now = now();
        for (EndpointConnection c : endpoint.connections()) {
            c.engine().close(reason, phrase, now);
            endpoint.touch(c);
        }
        flush();
        for (EndpointConnection c : endpoint.connections()) {
            c.engine().abort(reason, phrase);
            endpoint.touch(c);
        }
        flush();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        for (IcmpWatcher w : watchers.values()) {
            w.close();
        }
        watchers.clear();
        watched.clear();
        channel.close().addListener(f -> done.run());
    }
}
