package io.jetstreamproto.transport.internal.udp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import io.jetstreamproto.crypto.internal.util.RandomSource;

/**
 * Process-wide resources of the UDP transport: one event-loop group (native epoll on Linux when available, NIO
 * otherwise; as many loops as cores; daemon threads), the handshake worker pool (its queue is bounded by each
 * endpoint's handshake queue) and the secure random source. Created on first use, shared by every connection and
 * listener.
 */
public final class TransportRuntime {
    private static final TransportRuntime INSTANCE = new TransportRuntime();

    private final boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("jsp.transport.nio");
    private final EventLoopGroup group;
    private final ExecutorService handshakeWorkers;
    private final RandomSource random = RandomSource.of(new SecureRandom());

    private TransportRuntime() {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = Integer.getInteger("jsp.transport.threads", Runtime.getRuntime().availableProcessors());
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("jsp-io", true), factory);
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("jsp-handshake", true));
        pool.allowCoreThreadTimeOut(true);
        handshakeWorkers = pool;
    }

    public static TransportRuntime get() {
        return INSTANCE;
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends DatagramChannel> channelClass() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    public ExecutorService handshakeWorkers() {
        return handshakeWorkers;
    }

    public RandomSource random() {
        return random;
    }
}
