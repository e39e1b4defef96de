package io.jetstreamproto.transport;

import io.jetstreamproto.core.DeliveryMode;
import io.jetstreamproto.core.Priority;
import java.util.concurrent.CompletableFuture;

/**
 * A stream of a {@link Connection}: an independent, ordered-or-not message channel with its own delivery mode
 * (RELIABLE, RELIABLE_UNORDERED, PARTIALLY_RELIABLE, BEST_EFFORT) and scheduling priority. Loss on one stream never
 * delays another. Streams are bidirectional; messages from the peer arrive through {@link Connection#receive()} with
 * this stream's id. Thread-safe.
 */
public final class Stream {
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

    /** LZ4 compression of what we send on this stream (see {@link Connection#setCompression}). */
    public void setCompression(boolean on) throws ConnectionClosedException {
        connection.setCompression(id, on);
    }

    /** Ends our direction of the stream after what is queued. */
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
