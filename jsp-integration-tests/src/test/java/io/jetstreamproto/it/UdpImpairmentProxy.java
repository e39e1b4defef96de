package io.jetstreamproto.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space UDP impairment proxy (the kernel here has no netem): clients talk to {@link #address()}, the proxy
 * forwards to the server and back, dropping, delaying (which reorders) and duplicating datagrams at random with a
 * seeded generator. One proxy serves one client at a time (the first address that sends).
 */
final class UdpImpairmentProxy implements AutoCloseable {
    private final DatagramChannel front;
    private final DatagramChannel back;
    private final ScheduledExecutorService delayer = new ScheduledThreadPoolExecutor(1);
    private final Random random;
    private volatile double loss;
    private volatile long maxExtraDelayMicros;
    private volatile double duplicate;
    private volatile SocketAddress client;
    private final Thread upThread;
    private final Thread downThread;
    private volatile boolean running = true;
    /** Sees a copy of every client-to-server datagram before impairment (an on-path observer), or null. */
    volatile java.util.function.Consumer<byte[]> upstreamTap;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    UdpImpairmentProxy(InetSocketAddress server, long seed) throws IOException {
        this.random = new Random(seed);
        front = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back.connect(server);
        front.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
        back.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8 << 20);
        upThread = new Thread(this::pumpUp, "proxy-up");
        downThread = new Thread(this::pumpDown, "proxy-down");
        upThread.setDaemon(true);
        downThread.setDaemon(true);
        upThread.start();
        downThread.start();
    }

    /** Drops each datagram with probability {@code p}, delays some by up to {@code maxExtraDelayMicros} (reordering). */
    UdpImpairmentProxy impair(double p, long maxExtraDelayMicros, double duplicate) {
        this.loss = p;
        this.maxExtraDelayMicros = maxExtraDelayMicros;
        this.duplicate = duplicate;
        return this;
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
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
        boolean dup;
        synchronized (random) {
            r = random.nextDouble();
            delay = maxExtraDelayMicros > 0 && random.nextInt(4) == 0 ? (long) (random.nextDouble() * maxExtraDelayMicros)
                    : 0;
            dup = random.nextDouble() < duplicate;
        }
        if (r < loss) {
            dropped.incrementAndGet();
            return;
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        for (int i = 0; i < (dup ? 2 : 1); i++) {
            if (delay == 0) {
                send(out, copy, to);
            } else {
                delayer.schedule(() -> send(out, copy, to), delay, TimeUnit.MICROSECONDS);
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
