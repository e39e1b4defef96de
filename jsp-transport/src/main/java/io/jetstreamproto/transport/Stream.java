package io.jetstreamproto.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A stream of a {@link Connection}: an independent message channel with its own delivery mode (RELIABLE,
 * RELIABLE_UNORDERED, PARTIALLY_RELIABLE, BEST_EFFORT) and scheduling priority. Loss on one stream never delays
 * another. Streams are bidirectional.
 *
 * <p>Receiving: messages of this stream go to the connection's {@link Connection#receive()} until the application
 * takes this stream's receiver by calling {@link #receive()}, {@link #receive(Duration)} or {@link #onMessage} once;
 * from then on they come here (messages already in the connection's queue stay there). {@link #close()} ends our
 * sending direction; the stream remains readable. Thread-safe.
 */
public final class Stream implements AutoCloseable {
    private final Connection connection;
    private final long id;
    private final DeliveryMode mode;
    private final Priority priority;

    Stream(Connection connection, long id, DeliveryMode mode, Priority priority) {
        this.connection = connection;
        this.id = id;
        this.mode = mode;
        this.priority = priority;
    }

    public long id() {
        return id;
    }

    public DeliveryMode mode() {
        return mode;
    }

    public Priority priority() {
        return priority;
    }

    /** Blocking send (see {@link Connection#sendOnStream(long, byte[])}). */
    public void send(byte[] message) throws ConnectionClosedException, InterruptedException {
        connection.sendOnStream(id, message);
    }

    /** Asynchronous send (see {@link Connection#sendAsync(long, byte[])}). */
    public CompletableFuture<Void> sendAsync(byte[] message) {
        return connection.sendAsync(id, message);
    }

    /** The next message of this stream, blocking until one arrives. */
    public Message receive() throws ConnectionClosedException, InterruptedException {
        var r = connection.streamReceiver(id);
        return connection.take(r.queue, r.queue.take());
    }

    /** The next message of this stream, or null if none arrives within {@code timeout}. */
    public Message receive(Duration timeout) throws ConnectionClosedException, InterruptedException {
        var r = connection.streamReceiver(id);
        Message m = r.queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return m == null ? null : connection.take(r.queue, m);
    }

    /** Delivers this stream's messages to {@code handler} on the event loop (it must not block). */
    public void onMessage(Consumer<Message> handler) {
        connection.onStreamMessage(id, handler);
    }

    /** LZ4 compression of what we send on this stream (see {@link Connection#setCompression}). */
    public void setCompression(boolean on) throws ConnectionClosedException {
        connection.setCompression(id, on);
    }

    /** Ends our direction of the stream after what is queued (the peer's direction stays open). */
    @Override
    public void close() throws ConnectionClosedException {
        connection.closeStream(id);
    }

    /** Abandons the stream. */
    public void reset(long errorCode) throws ConnectionClosedException {
        connection.resetStream(id, errorCode);
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "Stream[" + id + ", " + mode + ", " + priority + "]";
    }
}
