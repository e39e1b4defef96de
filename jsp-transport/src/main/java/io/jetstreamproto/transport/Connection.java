package io.jetstreamproto.transport;

import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.core.internal.stream.StreamIds;
import io.jetstreamproto.crypto.internal.util.Durations;
import io.jetstreamproto.transport.internal.ConnectionBackend;
import io.jetstreamproto.transport.internal.EngineBackend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A JetStreamProto connection: encrypted, congestion-controlled message streams to one peer.
 *
 * <pre>{@code
 * try (Listener server = Connection.listen(new InetSocketAddress(4433))) {
 *     Connection peer = server.accept();
 *     Message m = peer.receive();
 * }
 * try (Connection c = Connection.connect("example.org:4433")) {
 *     Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
 *     s.send("hello".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> All methods are thread-safe; each hops onto the connection's event loop. Blocking methods
 * ({@link #sendOnStream(long, byte[])}, {@link #receive()}, {@link #connect(String)}) must not be called from an event loop (callbacks); use the
 * {@code Async} forms there.
 *
 * <p><b>Receiving.</b> Each message is delivered once, to the first of: the {@link BufferHandler} set with
 * {@link #onMessageBuffer} (no copy); the receiver of its {@link Stream} if the application took one
 * ({@link Stream#receive()}, {@link Stream#onMessage}); the handler set with {@link #onMessage}; else the
 * connection's queue that {@link #receive()} reads. Messages wait inside the connection (bounded by the flow-control
 * windows) until the application takes them.
 *
 * <p><b>Backpressure.</b> {@link #sendOnStream(long, byte[])} blocks while the send buffer ({@link ConnectionConfig#sendBufferSize()}) or a
 * rate limit is full; {@link #sendAsync} completes when the message was accepted.
 */
public final class Connection implements AutoCloseable {
    /** The default trust store of clients: {@code ~/.jetstreamproto/known_servers} (trust on first use, like SSH). */
    public static final Path DEFAULT_KNOWN_SERVERS =
            Path.of(System.getProperty("user.home"), ".jetstreamproto", "known_servers");

    private static final Message CLOSED = new Message(-1, new byte[0]);

    private final ConnectionBackend backend;
    private final ConnectionConfig config;
    private final ConnectionObserver observer;
    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<Long, StreamReceiver> streamReceivers = new ConcurrentHashMap<>();
    private final AtomicLong inboxBytes = new AtomicLong();
    private final long inboxLimit;
    private final ArrayDeque<PendingSend> pending = new ArrayDeque<>();
    private long pendingBytes;
    private final CopyOnWriteArrayList<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Connection> established = new CompletableFuture<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private volatile Consumer<Message> handler;
    private volatile BufferHandler bufferHandler;
    private volatile HandshakeInfo summary;
    private volatile ConnectionStats finalStats;
    private volatile boolean refillScheduled;
    /** closeAfterDelivery's deadline (nanoTime), 0 when not called. */
    private long lingerDeadline;
    /** Whether the linger was handed to the substrate (all queued sends had reached it). */
    private boolean lingerHanded;

    private record PendingSend(long streamId, ByteBuf data, CompletableFuture<Void> done, boolean counted) {}

    /** Messages of one stream whose receiver the application took. */
    static final class StreamReceiver {
        final LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        volatile Consumer<Message> handler;
    }

    Connection(ConnectionBackend backend, ConnectionConfig config, List<EventListener> initialListeners) {
        this.backend = backend;
        this.config = config;
        this.observer = new ConnectionObserver(backend.isClient(), backend.createdNanos());
        this.inboxLimit = Math.max(64 * 1024, Math.min(config.connectionReceiveWindow() / 2, 8L << 20));
        listeners.addAll(initialListeners);
        for (EventListener l : listeners) {
            l.handshakeStarted(this);
        }
        backend.start(new Events());
    }

    // ---------------------------------------------------------------- connecting and listening

    /** Connects to {@code "host:port"} (or {@code "[v6]:port"}) with default settings and trust on first use. */
    public static Connection connect(String address) throws IOException, InterruptedException {
        return connect(address, ConnectionConfig.defaults());
    }

    /** Connects with {@code config} and trust on first use ({@link #DEFAULT_KNOWN_SERVERS}). */
    public static Connection connect(String address, ConnectionConfig config)
            throws IOException, InterruptedException {
        return connect(address, config, ServerTrust.trustOnFirstUse(DEFAULT_KNOWN_SERVERS));
    }

    /** Connects, verifying the server's key with {@code trust}. Blocks until the handshake completed or failed. */
    public static Connection connect(String address, ConnectionConfig config, ServerTrust trust)
            throws IOException, InterruptedException {
        return await(connectAsync(Addresses.parse(address), config, trust));
    }

    /** Connects to {@code address}, verifying the server's key with {@code trust}. */
    public static Connection connect(InetSocketAddress address, ConnectionConfig config, ServerTrust trust)
            throws IOException, InterruptedException {
        return await(connectAsync(address, config, trust));
    }

    /**
     * Starts connecting through the default {@link Endpoint}; the future completes with the open connection, or
     * fails with {@link ConnectionClosedException} (handshake failure, timeout, refused) or an {@link IOException}.
     */
    public static CompletableFuture<Connection> connectAsync(InetSocketAddress address, ConnectionConfig config,
            ServerTrust trust) {
        return Endpoint.connectThroughDefault(address, config, trust, null);
    }

    static Connection await(CompletableFuture<Connection> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ConnectionClosedException cce) {
                throw new ConnectionClosedException(cce.info()); // with the caller's stack
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        }
    }

    /** Listens on {@code address} with default settings and a fresh (ephemeral) server identity. */
    public static Listener listen(InetSocketAddress address) throws IOException, InterruptedException {
        return listen(address, ConnectionConfig.defaults());
    }

    /** Listens with {@code config} and a fresh (ephemeral) server identity: clients must trust it on first use. */
    public static Listener listen(InetSocketAddress address, ConnectionConfig config)
            throws IOException, InterruptedException {
        return listen(address, config, ServerIdentity.generate());
    }

    /** Listens with {@code config}, authenticating as {@code identity}. */
    public static Listener listen(InetSocketAddress address, ConnectionConfig config, ServerIdentity identity)
            throws IOException, InterruptedException {
        return listen(address, config, identity, ListenerConfig.defaults());
    }

    /**
     * Listens with explicit endpoint limits (connections, half-open handshakes, retry policy), on an endpoint of its
     * own bound to {@code address} (closed with the listener).
     */
    public static Listener listen(InetSocketAddress address, ConnectionConfig config, ServerIdentity identity,
            ListenerConfig limits) throws IOException, InterruptedException {
        Endpoint endpoint = Endpoint.builder().bind(address).sharePort().build();
        try {
            return Listener.start(endpoint, config, identity, limits, true);
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
    }

    CompletableFuture<Connection> establishedFuture() {
        return established;
    }

    // ---------------------------------------------------------------- substrate events (on the loop)

    private final class Events implements ConnectionBackend.Events {
        @Override
        public void connected(io.jetstreamproto.crypto.internal.session.HandshakeSummary s) {
            summary = Api.api(s);
            observer.established(backend.remoteAddress(), summary);
            established.complete(Connection.this);
            for (EventListener l : listeners) {
                l.handshakeFinished(Connection.this, summary);
            }
        }

        @Override
        public void readable() {
            refill();
            closeIfDelivered();
        }

        @Override
        public void writable() {
            drainPending();
            for (EventListener l : listeners) {
                l.writable(Connection.this);
            }
        }

        @Override
        public void streamOpened(long streamId) {
            for (EventListener l : listeners) {
                l.streamOpened(Connection.this, streamId);
            }
        }

        @Override
        public void streamReset(long streamId, long errorCode) {
            for (EventListener l : listeners) {
                l.streamReset(Connection.this, streamId, errorCode);
            }
        }

        @Override
        public void pathChanged(InetSocketAddress from, InetSocketAddress to, boolean validated) {
            observer.pathChanged(from, to, validated);
            for (EventListener l : listeners) {
                l.pathChanged(Connection.this, from, to, validated);
            }
        }

        @Override
        public void closed(io.jetstreamproto.core.internal.CloseInfo info,
                io.jetstreamproto.core.internal.ConnectionStats stats) {
            CloseInfo i = Api.api(info);
            ConnectionStats st = new ConnectionStats(stats, backend.substrate());
            observer.closed(backend.remoteAddress(), summary, i, st);
            onClosed(i, st);
        }
    }

    private void onClosed(CloseInfo info, ConnectionStats stats) {
        finalStats = stats; // the counters stay readable after the close
        refill(); // deliver what already arrived before the close
        ConnectionClosedException ex = new ConnectionClosedException(info);
        established.completeExceptionally(ex);
        for (PendingSend p = pending.poll(); p != null; p = pending.poll()) {
            p.data.release();
            p.done.completeExceptionally(ex);
        }
        pendingBytes = 0;
        inbox.add(CLOSED);
        for (StreamReceiver r : streamReceivers.values()) {
            r.queue.add(CLOSED);
        }
        closed.complete(info);
        for (EventListener l : listeners) {
            l.connectionClosed(this, info);
        }
    }

    /** Moves messages from the substrate to the application, up to the inbox limit (or straight to handlers). */
    private void refill() {
        refillScheduled = false;
        boolean took = false;
        while (bufferHandler != null || handler != null || inboxBytes.get() < inboxLimit) {
            ReceivedMessage m = backend.pollMessage();
            if (m == null) {
                break;
            }
            took = true;
            BufferHandler bh = bufferHandler;
            if (bh != null) {
                bh.onMessage(m.streamId(), m.data()); // ownership passes to the handler
                continue;
            }
            byte[] data;
            try {
                data = new byte[m.data().readableBytes()];
                m.data().readBytes(data);
            } finally {
                m.data().release();
            }
            deliver(new Message(m.streamId(), data));
        }
        if (took && backend instanceof EngineBackend e) {
            e.consumed(); // consumption may let the engine extend flow-control windows
        }
    }

    private void deliver(Message msg) {
        StreamReceiver r = streamReceivers.get(msg.streamId());
        Consumer<Message> h = r != null ? r.handler : handler;
        if (h != null) {
            h.accept(msg);
            return;
        }
        inboxBytes.addAndGet(msg.data().length);
        (r != null ? r.queue : inbox).add(msg);
    }

    private void scheduleRefill() {
        if (!refillScheduled) {
            refillScheduled = true;
            backend.loop().execute(this::refill);
        }
    }

    // ---------------------------------------------------------------- streams and sending

    /** Opens a stream of ours with the given delivery mode and priority. */
    public Stream openStream(DeliveryMode mode, Priority priority) throws ConnectionClosedException {
        long id = onLoop(() -> backend.openStream(Api.core(mode), Api.core(priority)));
        return new Stream(this, id, mode, priority);
    }

    /** A handle for a stream the peer opened (or one of ours) by its id. */
    public Stream stream(long streamId) {
        return new Stream(this, streamId, Api.api(StreamIds.mode(streamId)), Priority.CHAT);
    }

    /**
     * Sends one message on a stream, blocking while the send buffer or a rate limit is full (never failing for
     * that). The bytes are copied: the array may be reused when this returns.
     */
    public void sendOnStream(long streamId, byte[] data) throws ConnectionClosedException, InterruptedException {
        awaitSend(submitSend(streamId, copy(data), false));
    }

    /** Blocking send of the readable bytes of {@code data}; ownership of {@code data} passes to the connection. */
    public void sendOnStream(long streamId, ByteBuf data) throws ConnectionClosedException, InterruptedException {
        awaitSend(submitSend(streamId, data, false));
    }

    /**
     * Sends one message asynchronously: the future completes when the connection accepted the message (it is then
     * delivered per the stream's mode), or fails with {@link ConnectionClosedException}, or with
     * {@link SendBufferFullException} if the application queued more than a send buffer's worth beyond the send
     * buffer without waiting for earlier futures.
     */
    public CompletableFuture<Void> sendAsync(long streamId, byte[] data) {
        return submitSend(streamId, copy(data), true);
    }

    /** As {@link #sendAsync(long, byte[])} for the readable bytes of {@code data}, whose ownership passes here. */
    public CompletableFuture<Void> sendAsync(long streamId, ByteBuf data) {
        return submitSend(streamId, data, true);
    }

    private static ByteBuf copy(byte[] data) {
        return PooledByteBufAllocator.DEFAULT.buffer(data.length).writeBytes(data);
    }

    private void awaitSend(CompletableFuture<Void> f) throws ConnectionClosedException, InterruptedException {
        if (backend.loop().inEventLoop() && !f.isDone()) {
            throw new IllegalStateException("blocking send from the event loop: use sendAsync");
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            rethrow(e.getCause());
        }
    }

    private CompletableFuture<Void> submitSend(long streamId, ByteBuf data, boolean counted) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        backend.loop().execute(() -> {
            if (closed.isDone()) {
                data.release();
                done.completeExceptionally(new ConnectionClosedException(closed.join()));
                return;
            }
            int length = data.readableBytes();
            if (counted && !pending.isEmpty() && pendingBytes + length > config.sendBufferSize()) {
                data.release();
                done.completeExceptionally(new SendBufferFullException("more than " + config.sendBufferSize()
                        + " bytes of asynchronous sends are already waiting for the send buffer"));
                return;
            }
            pending.add(new PendingSend(streamId, data, done, counted));
            pendingBytes += length;
            drainPending();
        });
        return done;
    }

    /** Hands waiting sends to the substrate in order while it accepts them. On the loop. */
    private void drainPending() {
        while (!pending.isEmpty()) {
            PendingSend p = pending.peek();
            int length = p.data.readableBytes();
            try {
                if (!backend.isOpen()) {
                    throw new IllegalStateException("connection is not open");
                }
                if (!backend.send(p.streamId, p.data)) {
                    break; // backpressure: a writable event resumes
                }
                pending.poll();
                pendingBytes -= length;
                p.done.complete(null);
            } catch (RuntimeException e) {
                pending.poll();
                pendingBytes -= length;
                p.data.release();
                p.done.completeExceptionally(Api.api(e));
            }
        }
        closeIfDelivered();
    }

    /** Ends our sending direction of a stream after everything queued on it. */
    public void closeStream(long streamId) throws ConnectionClosedException {
        onLoop(() -> {
            backend.closeStream(streamId);
            return null;
        });
    }

    /**
     * Turns LZ4 compression on or off for the messages we send on one stream (the default is
     * {@link ConnectionConfig#compression()}). Messages under {@link ConnectionConfig#compressionThreshold()} bytes,
     * and messages that do not shrink, go as they are; a stream whose messages keep not shrinking stops trying for a
     * while. Do not compress secret-bearing data mixed with attacker-chosen data (docs/SECURITY.md, compression).
     */
    public void setCompression(long streamId, boolean on) throws ConnectionClosedException {
        onLoop(() -> {
            backend.setCompression(streamId, on);
            return null;
        });
    }

    /** Abandons a stream: queued data is dropped and the peer sees a reset with {@code errorCode}. */
    public void resetStream(long streamId, long errorCode) throws ConnectionClosedException {
        onLoop(() -> {
            backend.resetStream(streamId, errorCode);
            return null;
        });
    }

    // ---------------------------------------------------------------- receiving

    /** The next message, blocking until one arrives. */
    public Message receive() throws ConnectionClosedException, InterruptedException {
        return take(inbox, inbox.take());
    }

    /** The next message, or null if none arrives within {@code timeout}. */
    public Message receive(Duration timeout) throws ConnectionClosedException, InterruptedException {
        Message m = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return m == null ? null : take(inbox, m);
    }

    /** The next message if one is waiting, else null (never blocks). */
    public Message poll() throws ConnectionClosedException {
        Message m = inbox.poll();
        return m == null ? null : take(inbox, m);
    }

    Message take(LinkedBlockingQueue<Message> queue, Message m) throws ConnectionClosedException {
        if (m == CLOSED) {
            queue.add(CLOSED); // for other waiting threads
            throw new ConnectionClosedException(closed.join());
        }
        if (inboxBytes.addAndGet(-m.data().length) < inboxLimit / 2) {
            scheduleRefill();
        }
        return m;
    }

    /** The receiver of one stream's messages, created when the application first asks for it. */
    StreamReceiver streamReceiver(long streamId) {
        return streamReceivers.computeIfAbsent(streamId, id -> {
            StreamReceiver r = new StreamReceiver();
            if (closed.isDone()) {
                r.queue.add(CLOSED);
            }
            return r;
        });
    }

    /** Delivers one stream's messages to {@code h} on the loop (what its receiver already holds first). */
    void onStreamMessage(long streamId, Consumer<Message> h) {
        StreamReceiver r = streamReceiver(streamId);
        backend.loop().execute(() -> {
            for (Message m = r.queue.poll(); m != null && m != CLOSED; m = r.queue.poll()) {
                inboxBytes.addAndGet(-m.data().length);
                h.accept(m);
            }
            if (closed.isDone()) {
                r.queue.add(CLOSED);
            }
            r.handler = h;
            refill();
        });
    }

    /**
     * Delivers every message to {@code handler} on the event loop instead of through {@link #receive} (it must not
     * block). Messages already waiting are handed over first. Streams whose receiver the application took keep
     * their own.
     */
    public void onMessage(Consumer<Message> handler) {
        backend.loop().execute(() -> {
            for (Message m = inbox.poll(); m != null && m != CLOSED; m = inbox.poll()) {
                inboxBytes.addAndGet(-m.data().length);
                handler.accept(m);
            }
            if (closed.isDone()) {
                inbox.add(CLOSED);
            }
            this.handler = handler;
            refill();
        });
    }

    /**
     * Delivers every message from now on to {@code handler} as a Netty {@link ByteBuf}, without copying it (the
     * handler releases it). Takes precedence over every other way of receiving; messages already waiting in a
     * queue stay there.
     */
    public void onMessageBuffer(BufferHandler handler) {
        backend.loop().execute(() -> {
            this.bufferHandler = handler;
            refill();
        });
    }

    /** Adds a listener of this connection's events (see {@link EventListener}). */
    public void addListener(EventListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- closing and introspection

    /**
     * Closes normally and at once: data not yet acknowledged is abandoned, the peer is told, and a close event
     * follows. To deliver what was sent first, use {@link #closeAfterDelivery}.
     */
    @Override
    public void close() {
        close(CloseReason.NORMAL, "");
    }

    /** Closes with {@code reason} and a short human-readable {@code phrase} sent to the peer. */
    public void close(CloseReason reason, String phrase) {
        backend.loop().execute(() -> backend.close(Api.core(reason), phrase));
    }

    /**
     * Closes once everything sent so far has been acknowledged by the peer, like a socket's linger: messages queued by
     * {@link #sendAsync} and those in the send buffer are delivered first, then the connection closes normally. If
     * that takes longer than {@code timeout}, it closes anyway (reason NORMAL, the phrase says how much was left).
     *
     * @return the close future (see {@link #closeFuture()})
     */
    public CompletableFuture<CloseInfo> closeAfterDelivery(Duration timeout) {
        backend.loop().execute(() -> {
            if (closed.isDone() || lingerDeadline != 0) {
                return;
            }
            lingerDeadline = System.nanoTime() + timeout.toNanos();
            if (pending.isEmpty()) {
                lingerHanded = true;
                backend.closeAfterDelivery(timeout.toNanos());
            } else {
                backend.loop().schedule(() -> backend.close(io.jetstreamproto.core.internal.CloseReason.NORMAL,
                        "closed after " + Durations.human(timeout) + " with " + pendingBytes + " bytes not yet sent"),
                        timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        });
        return closed;
    }

    private void closeIfDelivered() {
        if (lingerDeadline != 0 && !lingerHanded && pending.isEmpty() && !closed.isDone()) {
            lingerHanded = true;
            backend.closeAfterDelivery(Math.max(0, lingerDeadline - System.nanoTime()));
        }
    }

    /** Completes (never fails) when the connection has closed, with how it closed. */
    public CompletableFuture<CloseInfo> closeFuture() {
        return closed;
    }

    public boolean isOpen() {
        return established.isDone() && !established.isCompletedExceptionally() && !closed.isDone();
    }

    /** What the handshake negotiated (suite, key exchange, server key fingerprint); null before it completed. */
    public HandshakeInfo handshake() {
        return summary;
    }

    /** The substrate this connection runs on ("udp"). */
    public String transport() {
        return backend.substrate();
    }

    /**
     * Bytes of messages this side accepted for sending that the peer has not acknowledged yet: waiting for
     * {@link #sendAsync} or in the send buffer, in flight, or waiting to be retransmitted. What an application handed
     * to the connection minus this is what the peer has received, the progress of a transfer (with compression the
     * send buffer holds compressed bytes, so this is then smaller than the messages' size). 0 once closed.
     *
     * @return unacknowledged bytes
     */
    public long bufferedBytes() {
        if (closed.isDone()) {
            return 0;
        }
        try {
            return onLoop(() -> closed.isDone() ? 0L : pendingBytes + backend.bufferedBytes());
        } catch (ConnectionClosedException e) {
            return 0;
        }
    }

    /** A snapshot of the connection's counters (after the close: as they were when it closed). */
    public ConnectionStats stats() {
        ConnectionStats last = finalStats;
        if (last != null) {
            return last;
        }
        try {
            return onLoop(() -> new ConnectionStats(backend.stats(), backend.substrate()));
        } catch (ConnectionClosedException e) {
            if (finalStats != null) {
                return finalStats; // closed while we asked
            }
            throw new IllegalStateException(e);
        }
    }

    /** The peer's address (it follows the peer when its address changes). */
    public InetSocketAddress remoteAddress() {
        try {
            return backend.loop().inEventLoop() ? backend.remoteAddress()
                    : backend.loop().submit(backend::remoteAddress).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    public InetSocketAddress localAddress() {
        return backend.localAddress();
    }

    public ConnectionConfig config() {
        return config;
    }

    private <T> T onLoop(Callable<T> task) throws ConnectionClosedException {
        if (backend.loop().inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                if (e instanceof IllegalStateException && closed.isDone()) {
                    throw new ConnectionClosedException(closed.join());
                }
                rethrowUnchecked(e instanceof RuntimeException re ? Api.api(re) : e);
                return null;
            }
        }
        try {
            return backend.loop().submit(task).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("event loop did not answer within 30 s", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalStateException && closed.isDone()) {
                throw new ConnectionClosedException(closed.join());
            }
            rethrowUnchecked(c instanceof RuntimeException re ? Api.api(re) : c);
            return null;
        }
    }

    private void rethrow(Throwable c) throws ConnectionClosedException {
        if (c instanceof ConnectionClosedException cce) {
            throw new ConnectionClosedException(cce.info());
        }
        rethrowUnchecked(c instanceof RuntimeException re ? Api.api(re) : c);
    }

    private static void rethrowUnchecked(Throwable c) {
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        if (c instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        throw new IllegalStateException(c);
    }

    @Override
    public String toString() {
        return "Connection[" + backend.substrate() + ", " + backend.localAddress() + (isOpen() ? ", open" : "") + "]";
    }
}
