package io.jetstreamproto.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space UDP impairment proxy on loopback, for demos and tests (no netem needed): a client talks to
 * {@link #address()}, the proxy forwards to the server and back, dropping a fraction of the datagrams in each direction
 * and delaying some (which reorders them), with a seeded generator. One client at a time (the last address that sent).
 */
public final class ImpairmentProxy implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final ScheduledExecutorService delayer;
    private final Random random;
    private final Thread up;
    private final Thread down;
    private volatile double loss;
    private volatile long maxExtraDelayMicros;
    private volatile SocketAddress client;
    private volatile boolean running = true;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile java.util.function.Consumer<byte[]> upstreamTap;

    /** A proxy in front of {@code server} that forwards everything until {@link #impair} is called. */
    public ImpairmentProxy(InetSocketAddress server, long seed) throws IOException {
        random = new Random(seed);
        front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back.connect(server);
        front.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        back.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "impairment-proxy-delay");
            t.setDaemon(true);
            return t;
        });
        delayer = ex;
        up = new Thread(this::pumpUp, "impairment-proxy-up");
        down = new Thread(this::pumpDown, "impairment-proxy-down");
        up.setDaemon(true);
        down.setDaemon(true);
        up.start();
        down.start();
    }

    /** Drops each datagram (either direction) with probability {@code loss}; delays one in four by up to the bound. */
    public ImpairmentProxy impair(double loss, long maxExtraDelayMicros) {
        this.loss = loss;
        this.maxExtraDelayMicros = maxExtraDelayMicros;
        return this;
    }

    /**
     * Lets {@code tap} see a copy of every client-to-server datagram before it is impaired, as an on-path observer
     * would (tests use it to replay and forge real packets). Called on the proxy's thread.
     */
    public ImpairmentProxy tapUpstream(java.util.function.Consumer<byte[]> tap) {
        this.upstreamTap = tap;
        return this;
    }

    /** Where clients send to. */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long forwarded() {
        return forwarded.get();
    }

    public long dropped() {
        return dropped.get();
    }

    private void pumpUp() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (running) {
            try {
                buf.clear();
                SocketAddress from = front.receive(buf);
                client = from;
                buf.flip();
                java.util.function.Consumer<byte[]> tap = upstreamTap;
                if (tap != null) {
                    byte[] copy = new byte[buf.remaining()];
                    buf.duplicate().get(copy);
                    tap.accept(copy);
                }
                forward(buf, back, null);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pumpDown() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (running) {
            try {
                buf.clear();
                back.receive(buf);
                buf.flip();
                SocketAddress to = client;
                if (to != null) {
                    forward(buf, front, to);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void forward(ByteBuffer datagram, DatagramChannel out, SocketAddress to) {
        double r;
        long delay;
        synchronized (random) {
            r = random.nextDouble();
            long max = maxExtraDelayMicros;
            delay = max > 0 && random.nextInt(4) == 0 ? (long) (random.nextDouble() * max) : 0;
        }
        if (r < loss) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        if (delay == 0) {
            send(out, copy, to);
        } else {
            try {
                delayer.schedule(() -> send(out, copy, to), delay, TimeUnit.MICROSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                dropped.incrementAndGet();
            }
        }
    }

    private void send(DatagramChannel out, byte[] bytes, SocketAddress to) {
        try {
            if (to == null) {
                out.write(ByteBuffer.wrap(bytes));
            } else {
                out.send(ByteBuffer.wrap(bytes), to);
            }
            forwarded.incrementAndGet();
        } catch (IOException e) {
            dropped.incrementAndGet(); // e.g. the server went away
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        delayer.shutdownNow();
        front.close();
        back.close();
    }
}
