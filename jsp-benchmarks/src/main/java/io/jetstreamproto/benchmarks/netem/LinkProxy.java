package io.jetstreamproto.benchmarks.netem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A user-space UDP link emulator on loopback that serves any number of clients at once, for benchmarks (the kernel
 * here has no netem). It works like a NAT: each client address that sends to {@link #address()} gets its own
 * upstream socket connected to the server, so the server sees one distinct peer per client and its answers find the
 * way back. Both directions pass through a {@link Direction} with its own {@link LinkModel}; all clients share the
 * two directions, so a rate limit is one bottleneck with one drop-tail queue that competing flows share.
 *
 * <p>One selector thread receives and decides (seeded: the same traffic gets the same impairment); datagrams that
 * must wait (delay, jitter, queueing behind the rate limit) are sent by a second thread from a queue ordered by
 * departure time. Only loopback addresses are used.
 */
public final class LinkProxy implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_536;

    private final List<Front> fronts = new ArrayList<>();
    private final Selector selector;
    private final Map<Upstream, DatagramChannel> upstreamByClient = new HashMap<>();
    private final Direction up;
    private final Direction down;
    private final DelayQueue<Pending> pending = new DelayQueue<>();
    private final Thread receiver;
    private final Thread sender;
    private volatile boolean running = true;
    private long sequence;

    private LinkProxy(List<InetSocketAddress> servers, LinkModel upModel, LinkModel downModel, long seed)
            throws IOException {
        this.up = new Direction("up", upModel, seed);
        this.down = new Direction("down", downModel, seed * 31 + 7);
        selector = Selector.open();
        for (InetSocketAddress server : servers) {
            DatagramChannel front = DatagramChannel.open();
            front.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            front.setOption(StandardSocketOptions.SO_SNDBUF, 8 << 20);
            front.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            front.configureBlocking(false);
            Front f = new Front(front, server);
            front.register(selector, SelectionKey.OP_READ, f);
            fronts.add(f);
        }
        receiver = new Thread(this::receiveLoop, "link-proxy-rx");
        sender = new Thread(this::sendLoop, "link-proxy-tx");
        receiver.setDaemon(true);
        sender.setDaemon(true);
        receiver.start();
        sender.start();
    }

    /** A proxy in front of {@code server}: client-to-server datagrams see {@code up}, the answers {@code down}. */
    public static LinkProxy start(InetSocketAddress server, LinkModel up, LinkModel down, long seed)
            throws IOException {
        return new LinkProxy(List.of(server), up, down, seed);
    }

    /** The same model in both directions. */
    public static LinkProxy start(InetSocketAddress server, LinkModel both, long seed) throws IOException {
        return new LinkProxy(List.of(server), both, both, seed);
    }

    /**
     * One emulated link in front of several servers (one front address each, {@link #address(int)}): flows to
     * different servers share the same two directions, i.e. one bottleneck (the fairness check).
     */
    public static LinkProxy start(List<InetSocketAddress> servers, LinkModel both, long seed) throws IOException {
        return new LinkProxy(servers, both, both, seed);
    }

    /** Where clients send to (the first server's front). */
    public InetSocketAddress address() {
        return address(0);
    }

    /** Where clients of the {@code i}-th server send to. */
    public InetSocketAddress address(int i) {
        try {
            return (InetSocketAddress) fronts.get(i).channel.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counters of the client-to-server direction. */
    public Direction.Counters upstream() {
        return up.counters();
    }

    /** Counters of the server-to-client direction. */
    public Direction.Counters downstream() {
        return down.counters();
    }

    /** Number of distinct client addresses seen. */
    public synchronized int clients() {
        return upstreamByClient.size();
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        try {
            while (running) {
                selector.select(100);
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    // drain the socket: a burst of datagrams costs one wake-up
                    for (int i = 0; i < 256; i++) {
                        buf.clear();
                        SocketAddress from = ch.receive(buf);
                        if (from == null) {
                            break;
                        }
                        buf.flip();
                        if (key.attachment() instanceof Front f) {
                            fromClient(f, from, buf);
                        } else {
                            fromServer((Upstream) key.attachment(), buf);
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                throw new IllegalStateException("link proxy receive loop failed", e);
            }
        }
    }

    private void fromClient(Front front, SocketAddress client, ByteBuffer datagram) throws IOException {
        DatagramChannel upstream;
        Upstream key = new Upstream(front, client);
        synchronized (this) {
            upstream = upstreamByClient.get(key);
            if (upstream == null) {
                upstream = DatagramChannel.open();
                upstream.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                upstream.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                upstream.connect(front.server);
                upstream.configureBlocking(false);
                upstream.register(selector, SelectionKey.OP_READ, key);
                upstreamByClient.put(key, upstream);
            }
        }
        route(up, datagram, upstream, null);
    }

    private void fromServer(Upstream upstream, ByteBuffer datagram) {
        route(down, datagram, upstream.front.channel, upstream.client);
    }

    /** Decides the datagram's fate in {@code dir} and sends it now or queues it for its departure time. */
    private void route(Direction dir, ByteBuffer datagram, DatagramChannel out, SocketAddress to) {
        long now = System.nanoTime();
        int size = datagram.remaining();
        long[] departures = dir.admit(size, now);
        if (departures == null) {
            return;
        }
        for (long at : departures) {
            if (at <= now && pending.isEmpty()) {
                send(dir, out, to, datagram.duplicate());
            } else {
                byte[] copy = new byte[size];
                datagram.duplicate().get(copy);
                pending.add(new Pending(at, sequence++, dir, out, to, copy));
            }
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                Pending p = pending.take();
                send(p.dir, p.out, p.to, ByteBuffer.wrap(p.bytes));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void send(Direction dir, DatagramChannel out, SocketAddress to, ByteBuffer bytes) {
        int size = bytes.remaining();
        try {
            int n = to == null ? out.write(bytes) : out.send(bytes, to);
            if (n == 0) {
                dir.sendFailed();
            } else {
                dir.forwarded(size);
            }
        } catch (IOException e) {
            dir.sendFailed(); // the server or client went away (ICMP port unreachable)
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            receiver.join(2000);
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (DatagramChannel ch : upstreamByClient.values()) {
                closeQuietly(ch);
            }
            upstreamByClient.clear();
        }
        for (Front f : fronts) {
            closeQuietly(f.channel);
        }
        pending.clear();
    }

    private static void closeQuietly(DatagramChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "LinkProxy[" + fronts.size() + " server(s), up " + up + ", down " + down + "]";
    }

    /** A front socket and the server behind it. */
    private record Front(DatagramChannel channel, InetSocketAddress server) {}

    /** A client of one front: the key of its upstream socket. */
    private record Upstream(Front front, SocketAddress client) {}

    /** A datagram waiting for its departure time. */
    private record Pending(long due, long seq, Direction dir, DatagramChannel out, SocketAddress to, byte[] bytes)
            implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Pending p = (Pending) o;
            int c = Long.compare(due, p.due);
            return c != 0 ? c : Long.compare(seq, p.seq);
        }
    }
}
