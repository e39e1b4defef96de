package io.jetstreamproto.transport.internal;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads an endpoint runs on: a Netty event-loop group (native epoll on Linux when available, NIO otherwise),
 * a bounded pool for handshake public-key work, and the secure random source. Either the application's own group
 * (never shut down here) or the process-wide default, which is created on first use, shared, and shut down when the
 * last endpoint using it closes — so a program that closed all its connections and listeners exits normally.
 */
public final class TransportResources {
    /** Queued handshake jobs at most, over all endpoints sharing the pool (each endpoint also bounds its own). */
    public static final int HANDSHAKE_QUEUE = 4096;
    private static TransportResources shared;

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final boolean epoll;
    private final ExecutorService handshakeWorkers;
    private final RandomSource random = RandomSource.of(new SecureRandom());
    private int users;

    private TransportResources(EventLoopGroup group, boolean ownsGroup, boolean epoll) {
        this(group, ownsGroup, epoll, handshakePool());
    }

    private TransportResources(EventLoopGroup group, boolean ownsGroup, boolean epoll, ExecutorService handshakes) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.epoll = epoll;
        this.handshakeWorkers = handshakes;
    }

    private static ExecutorService handshakePool() {
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDSHAKE_QUEUE), new DefaultThreadFactory("jsp-handshake", true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Resources without threads, for endpoints on channels the caller drives (Netty's {@code EmbeddedChannel} in the
     * substrate tests): no event-loop group (nothing can be bound), handshake work runs on {@code handshakes}.
     */
    public static TransportResources withoutThreads(ExecutorService handshakes) {
        TransportResources r = new TransportResources(null, false, false, handshakes);
        r.users = 1;
        return r;
    }

    /**
     * Resources on the application's {@code group}: it is used, never shut down. Native epoll is used when the
     * group's loops run epoll, NIO when they run NIO.
     */
    public static TransportResources on(EventLoopGroup group) {
        boolean epoll = group instanceof IoEventLoopGroup io && Epoll.isAvailable() && io.isIoType(EpollIoHandler.class);
        if (!epoll && !(group instanceof IoEventLoopGroup io2 && io2.isIoType(NioIoHandler.class))) {
            throw new IllegalArgumentException("the event-loop group must run epoll or NIO I/O handlers");
        }
        TransportResources r = new TransportResources(group, false, epoll);
        r.users = 1;
        return r;
    }

    /**
     * Takes a reference to the process-wide default resources (created now if none exist): as many event loops as
     * cores, daemon threads. Every {@code acquireShared} must be matched by one {@link #release()}.
     */
    public static synchronized TransportResources acquireShared() {
        if (shared == null) {
            boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("jsp.transport.nio");
            EventLoopGroup g = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                    new DefaultThreadFactory("jsp-io", true),
                    epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            shared = new TransportResources(g, true, epoll);
        }
        synchronized (shared) {
            shared.users++;
        }
        return shared;
    }

    /** Drops a reference; the last one of owned resources shuts their threads down. */
    public void release() {
        boolean shutdown;
        synchronized (TransportResources.class) {
            synchronized (this) {
                users--;
                shutdown = users == 0;
            }
            if (shutdown && shared == this) {
                shared = null;
            }
        }
        if (shutdown) {
            handshakeWorkers.shutdown();
            if (ownsGroup) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            }
        }
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends DatagramChannel> datagramChannelClass() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** Whether sockets are native epoll ones (SO_REUSEPORT, one socket per event loop). */
    public boolean isEpoll() {
        return epoll;
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
