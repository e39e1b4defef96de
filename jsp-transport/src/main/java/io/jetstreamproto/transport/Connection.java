package io.jetstreamproto.transport;

import io.jetstreamproto.core.CloseInfo;
import io.jetstreamproto.core.CloseReason;
import io.jetstreamproto.core.ConnectionConfig;
import io.jetstreamproto.core.ConnectionStats;
import io.jetstreamproto.core.DeliveryMode;
import io.jetstreamproto.core.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.crypto.internal.identity.KnownServers;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.session.HandshakeSummary;
import io.jetstreamproto.crypto.internal.util.Durations;
import io.jetstreamproto.transport.internal.udp.EngineDriver;
import io.jetstreamproto.transport.internal.udp.TransportRuntime;
import io.jetstreamproto.transport.internal.udp.UdpClientDriver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A JetStreamProto connection: encrypted, congestion-controlled message streams to one peer over UDP.
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
 * ({@link Stream#send}, {@link #sendOnStream}, {@link #receive}, {@link #connect}) must not be called from an event
 * loop (callbacks); use the {@code Async} forms there.
 *
 * <p><b>Backpressure.</b> {@link Stream#send} and {@link #sendOnStream} block while the send buffer
 * ({@link ConnectionConfig#sendBufferSize()}) or a rate limit is full; {@link Stream#sendAsync} and
 * {@link #sendAsync(long, byte[])} complete when the message was accepted. Received messages wait inside the
 * connection (bounded by the flow-control windows) until the application takes them.
 */
public final class Connection implements AutoCloseable {
    /** The default trust store of clients: {@code ~/.jetstreamproto/known_servers} (trust on first use, like SSH). */
    public static final Path DEFAULT_KNOWN_SERVERS =
            Path.of(System.getProperty("user.home"), ".jetstreamproto", "known_servers");
    /** The counters as they were when the connection closed. */
    private volatile ConnectionStats finalStats;
    /** Set by {@link #closeAfterDelivery}: closes when the send side is empty, or at its timeout. */
    private io.netty.util.concurrent.ScheduledFuture<?> lingerTimer;

    private static final Message CLOSED = new Message(-1, new byte[0]);

    private final EngineDriver driver;
    private final ConnectionConfig config;
    private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final AtomicLong inboxBytes = new AtomicLong();
    private final long inboxLimit;
    private final ArrayDeque<PendingSend> pending = new ArrayDeque<>();
    private long pendingBytes;
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Connection> established = new CompletableFuture<>();
    private final CompletableFuture<CloseInfo> closed = new CompletableFuture<>();
    private volatile Consumer<Message> handler;
    private volatile HandshakeSummary summary;
    private volatile boolean refillScheduled;

    private record PendingSend(long streamId, ByteBuf data, CompletableFuture<Void> done, boolean counted) {}

    private Connection(EngineDriver driver, ConnectionConfig config) {
        this.driver = driver;
        this.config = config;
        this.inboxLimit = Math.max(64 * 1024, Math.min(config.connectionReceiveWindow() / 2, 8L << 20));
    }

    // ---------------------------------------------------------------- connecting and listening

    /** Connects to {@code "host:port"} (or {@code "[v6]:port"}) with default settings and trust on first use. */
    public static Connection connect(String address) throws IOException, ConnectionClosedException, InterruptedException {
        return connect(address, ConnectionConfig.defaults());
    }

    /** Connects with {@code config} and trust on first use ({@link #DEFAULT_KNOWN_SERVERS}). */
    public static Connection connect(String address, ConnectionConfig config)
            throws IOException, ConnectionClosedException, InterruptedException {
        return connect(address, config, ServerTrust.trustOnFirstUse(KnownServers.file(DEFAULT_KNOWN_SERVERS)));
    }

    /** Connects, verifying the server's key with {@code trust}. Blocks until the handshake completed or failed. */
    public static Connection connect(String address, ConnectionConfig config, ServerTrust trust)
            throws IOException, ConnectionClosedException, InterruptedException {
        return await(connectAsync(Addresses.parse(address), config, trust));
    }

    /** Connects to {@code address}, verifying the server's key with {@code trust}. */
    public static Connection connect(InetSocketAddress address, ConnectionConfig config, ServerTrust trust)
            throws IOException, ConnectionClosedException, InterruptedException {
        return await(connectAsync(address, config, trust));
    }

    private static Connection await(CompletableFuture<Connection> f)
            throws IOException, ConnectionClosedException, InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ConnectionClosedException cce) {
                throw new ConnectionClosedException(cce.info());
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

    /**
     * Starts connecting; the future completes with the open connection, or fails with
     * {@link ConnectionClosedException} (handshake failure, timeout, refused) or an {@link IOException}.
     */
    public static CompletableFuture<Connection> connectAsync(InetSocketAddress address, ConnectionConfig config,
            ServerTrust trust) {
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new IOException("cannot resolve " + address.getHostString()));
        }
        String serverName = Addresses.serverName(address);
        CompletableFuture<Connection> result = new CompletableFuture<>();
        Connection[] holder = new Connection[1];
        UdpClientDriver.start(address, d -> {
            ConnectionEngine engine = ConnectionEngine.client(config, ClientSessionConfig.defaults(trust, serverName),
                    TransportRuntime.get().random(), PooledByteBufAllocator.DEFAULT, System.nanoTime());
            Connection c = new Connection(d, config);
            holder[0] = c;
            d.setSink(c.sink());
            c.established.whenComplete((ok, err) -> {
                if (err != null) {
                    result.completeExceptionally(err);
                } else {
                    result.complete(ok);
                }
            });
            return engine;
        }).whenComplete((d, err) -> {
            if (err != null) {
                result.completeExceptionally(new IOException("cannot open a UDP socket to " + address + ": "
                        + err.getMessage(), err));
            }
        });
        return result;
    }

    /** Listens on {@code address} with default settings and a fresh (ephemeral) server identity. */
    public static Listener listen(InetSocketAddress address) throws IOException, InterruptedException {
        return listen(address, ConnectionConfig.defaults());
    }

    /** Listens with {@code config} and a fresh (ephemeral) server identity: clients must trust it on first use. */
    public static Listener listen(InetSocketAddress address, ConnectionConfig config)
            throws IOException, InterruptedException {
        return listen(address, config, ServerIdentity.generate(TransportRuntime.get().random(), false));
    }

    /** Listens with {@code config}, authenticating as {@code identity}. */
    public static Listener listen(InetSocketAddress address, ConnectionConfig config, ServerIdentity identity)
            throws IOException, InterruptedException {
        return Listener.bind(address, config, identity, EndpointConfig.defaults());
    }

    /** Listens with explicit endpoint limits (connections, half-open handshakes, retry policy). */
    public static Listener listen(InetSocketAddress address, ConnectionConfig config, ServerIdentity identity,
            EndpointConfig endpointConfig) throws IOException, InterruptedException {
        return Listener.bind(address, config, identity, endpointConfig);
    }

    /** Wraps an accepted server-side connection. Internal. */
    static Connection accepted(EngineDriver driver, ConnectionConfig config) {
        Connection c = new Connection(driver, config);
        driver.setSink(c.sink());
        return c;
    }

    CompletableFuture<Connection> establishedFuture() {
        return established;
    }

    // ---------------------------------------------------------------- engine events (on the loop)

    private EngineDriver.Sink sink() {
        return new EngineDriver.Sink() {
            @Override
            public void onEvent(ConnectionEvent e) {
                Connection.this.onEvent(e);
            }

            @Override
            public void onInput() {
                refill();
                closeIfDelivered();
            }
        };
    }

    private void onEvent(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.Connected c) {
            summary = c.summary();
            established.complete(this);
        } else if (e instanceof ConnectionEvent.Writable) {
            drainPending();
            closeIfDelivered();
            for (ConnectionListener l : listeners) {
                l.writable(this);
            }
        } else if (e instanceof ConnectionEvent.StreamOpened s) {
            for (ConnectionListener l : listeners) {
                l.streamOpened(this, s.streamId());
            }
        } else if (e instanceof ConnectionEvent.StreamReset r) {
            for (ConnectionListener l : listeners) {
                l.streamReset(this, r.streamId(), r.errorCode());
            }
        } else if (e instanceof ConnectionEvent.Closed c) {
            onClosed(c.info());
        }
    }

    private void onClosed(CloseInfo info) {
        finalStats = driver.engine().stats(); // the counters stay readable after the close
        refill(); // deliver what already arrived before the close
        ConnectionClosedException ex = new ConnectionClosedException(info);
        established.completeExceptionally(ex);
        for (PendingSend p = pending.poll(); p != null; p = pending.poll()) {
            p.data.release();
            p.done.completeExceptionally(ex);
        }
        pendingBytes = 0;
        inbox.add(CLOSED);
        closed.complete(info);
        for (ConnectionListener l : listeners) {
            l.closed(this, info);
        }
        driver.release();
    }

    /** Moves messages from the engine to the application, up to the inbox limit (or straight to the handler). */
    private void refill() {
        refillScheduled = false;
        ConnectionEngine engine = driver.engine();
        boolean took = false;
        while (handler != null || inboxBytes.get() < inboxLimit) {
            ReceivedMessage m = engine.pollMessage();
            if (m == null) {
                break;
            }
            took = true;
            byte[] data;
            try {
                data = new byte[m.data().readableBytes()];
                m.data().readBytes(data);
            } finally {
                m.data().release();
            }
            Message msg = new Message(m.streamId(), data);
            Consumer<Message> h = handler;
            if (h != null) {
                h.accept(msg);
            } else {
                inboxBytes.addAndGet(data.length);
                inbox.add(msg);
            }
        }
        if (took) {
            driver.flush(); // consumption may let the engine extend flow-control windows
        }
    }

    private void scheduleRefill() {
        if (!refillScheduled) {
            refillScheduled = true;
            driver.loop().execute(this::refill);
        }
    }

    // ---------------------------------------------------------------- streams and sending

    /** Opens a stream of ours with the given delivery mode and priority. */
    public Stream openStream(DeliveryMode mode, Priority priority) throws ConnectionClosedException {
        long id = onLoop(() -> driver.engine().openStream(mode, priority));
        return new Stream(this, id, mode, priority);
    }

    /** A handle for a stream the peer opened (or one of ours) by its id. */
    public Stream stream(long streamId) {
        return new Stream(this, streamId, io.jetstreamproto.core.internal.stream.StreamIds.mode(streamId), Priority.CHAT);
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
     * delivered reliably per the stream's mode), or fails with {@link ConnectionClosedException}, or with
     * {@link SendBufferFullException} if the application queued more than a send buffer's worth beyond the send
     * buffer without waiting for earlier futures.
     */
    public CompletableFuture<Void> sendAsync(long streamId, byte[] data) {
        return submitSend(streamId, copy(data), true);
    }

    private static ByteBuf copy(byte[] data) {
        return PooledByteBufAllocator.DEFAULT.buffer(data.length).writeBytes(data);
    }

    private void awaitSend(CompletableFuture<Void> f) throws ConnectionClosedException, InterruptedException {
        if (driver.loop().inEventLoop() && !f.isDone()) {
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
        driver.loop().execute(() -> {
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

    /** Hands waiting sends to the engine in order while it accepts them. On the loop. */
    private void drainPending() {
        ConnectionEngine engine = driver.engine();
        boolean sent = false;
        while (!pending.isEmpty()) {
            PendingSend p = pending.peek();
            int length = p.data.readableBytes();
            try {
                if (engine.state() != ConnectionEngine.State.OPEN) {
                    throw new IllegalStateException("connection is " + engine.state());
                }
                if (!engine.send(p.streamId, p.data, System.nanoTime())) {
                    break; // backpressure: a Writable event resumes
                }
                pending.poll();
                pendingBytes -= length;
                p.done.complete(null);
                sent = true;
            } catch (RuntimeException e) {
                pending.poll();
                pendingBytes -= length;
                p.data.release();
                p.done.completeExceptionally(e);
            }
        }
        if (sent) {
            driver.flush();
        }
    }

    /** Ends our sending direction of a stream after everything queued on it. */
    public void closeStream(long streamId) throws ConnectionClosedException {
        onLoop(() -> {
            driver.engine().closeStream(streamId);
            driver.flush();
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
            driver.engine().setCompression(streamId, on);
            return null;
        });
    }

    /** Abandons a stream: queued data is dropped and the peer sees a reset with {@code errorCode}. */
    public void resetStream(long streamId, long errorCode) throws ConnectionClosedException {
        onLoop(() -> {
            driver.engine().resetStream(streamId, errorCode);
            driver.flush();
            return null;
        });
    }

    // ---------------------------------------------------------------- receiving

    /** The next message, blocking until one arrives. */
    public Message receive() throws ConnectionClosedException, InterruptedException {
        return take(inbox.take());
    }

    /** The next message, or null if none arrives within {@code timeout}. */
    public Message receive(Duration timeout) throws ConnectionClosedException, InterruptedException {
        Message m = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return m == null ? null : take(m);
    }

    /** The next message if one is waiting, else null (never blocks). */
    public Message poll() throws ConnectionClosedException {
        Message m = inbox.poll();
        return m == null ? null : take(m);
    }

    private Message take(Message m) throws ConnectionClosedException {
        if (m == CLOSED) {
            inbox.add(CLOSED); // for other waiting threads
            throw new ConnectionClosedException(closed.join());
        }
        if (inboxBytes.addAndGet(-m.data().length) < inboxLimit / 2) {
            scheduleRefill();
        }
        return m;
    }

    /**
     * Delivers every message to {@code handler} on the event loop instead of through {@link #receive} (it must not
     * block). Messages already waiting are handed over first.
     */
    public void onMessage(Consumer<Message> handler) {
        driver.loop().execute(() -> {
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

    public void addListener(ConnectionListener listener) {
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
        driver.loop().execute(() -> {
            driver.engine().close(reason, phrase, System.nanoTime());
            driver.flush();
        });
    }

    /**
     * Closes once everything sent so far has been acknowledged by the peer, like a socket's linger: messages queued by
     * {@link #sendAsync} and those in the send buffer are delivered first, then the connection closes normally. If
     * that takes longer than {@code timeout}, it closes anyway (reason NORMAL, the phrase says how much was left).
     * Sending after this call is an error for the caller to avoid; what it sends is delivered only if it is
     * acknowledged before the close.
     *
     * @return the close future (see {@link #closeFuture()})
     */
    public CompletableFuture<CloseInfo> closeAfterDelivery(java.time.Duration timeout) {
        driver.loop().execute(() -> {
            if (closed.isDone() || lingerTimer != null) {
                return;
            }
            lingerTimer = driver.loop().schedule(() -> {
                long left = pendingBytes + driver.engine().bufferedBytes();
                driver.engine().close(CloseReason.NORMAL, "closed after " + Durations.human(timeout) + " with " + left
                        + " bytes undelivered", System.nanoTime());
                driver.flush();
            }, timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            closeIfDelivered();
        });
        return closed;
    }

    private void closeIfDelivered() {
        if (lingerTimer == null || closed.isDone() || !pending.isEmpty() || driver.engine().bufferedBytes() > 0
                || driver.engine().state() != io.jetstreamproto.core.internal.engine.ConnectionEngine.State.OPEN) {
            return;
        }
        lingerTimer.cancel(false);
        driver.engine().close(CloseReason.NORMAL, "", System.nanoTime());
        driver.flush();
    }

    /** Completes (never fails) when the connection has closed, with how it closed. */
    public CompletableFuture<CloseInfo> closeFuture() {
        return closed;
    }

    public boolean isOpen() {
        return established.isDone() && !established.isCompletedExceptionally() && !closed.isDone();
    }

    /** What the handshake negotiated (suite, key exchange, server key fingerprint). */
    public HandshakeSummary handshake() {
        return summary;
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
            return onLoop(() -> closed.isDone() ? 0L : pendingBytes + driver.engine().bufferedBytes());
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
            return onLoop(() -> driver.engine().stats());
        } catch (ConnectionClosedException e) {
            if (finalStats != null) {
                return finalStats; // closed while we asked
            }
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress remoteAddress() {
        return driver.remoteAddress();
    }

    public InetSocketAddress localAddress() {
        return driver.localAddress();
    }

    public ConnectionConfig config() {
        return config;
    }

    private <T> T onLoop(Callable<T> task) throws ConnectionClosedException {
        if (driver.loop().inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                rethrowUnchecked(e);
                return null;
            }
        }
        try {
            return driver.loop().submit(task).get(30, TimeUnit.SECONDS);
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
            rethrowUnchecked(c);
            return null;
        }
    }

    private void rethrow(Throwable c) throws ConnectionClosedException {
        if (c instanceof ConnectionClosedException cce) {
            throw new ConnectionClosedException(cce.info());
        }
        rethrowUnchecked(c);
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
        return "Connection[" + driver.localAddress() + " -> " + driver.remoteAddress() + (isOpen() ? ", open" : "")
                + "]";
    }
}
