package io.jetstreamproto.transport.internal;

import io.jetstreamproto.core.internal.CloseInfo;
import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.crypto.internal.session.HandshakeSummary;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * The seam between the public API ({@code Connection}, {@code Stream}, {@code Listener}) and a substrate: one
 * connection, at the level of messages. UDP implements it with the JSP engine over a shared endpoint socket
 * ({@link EngineBackend}); a TCP substrate can use the same engine over a byte stream, a QUIC substrate can map it
 * onto QUIC streams — the API above does not change.
 *
 * <p>Every method except {@link #loop()} runs on {@link #loop()}; {@link Events} are delivered there too.
 */
public interface ConnectionBackend {
    /** What a substrate reports to the API layer, on the loop. */
    interface Events {
        /** The handshake completed. */
        void connected(HandshakeSummary summary);

        /** Messages may be waiting in {@link #pollMessage()}, or consuming them may have become possible again. */
        void readable();

        /** A send that {@link #send} refused could now succeed. */
        void writable();

        void streamOpened(long streamId);

        void streamReset(long streamId, long errorCode);

        /** Packets now go to {@code to}; {@code validated} says whether that address is proven (see PathState). */
        void pathChanged(InetSocketAddress from, InetSocketAddress to, boolean validated);

        /** The connection ended (once); {@code finalStats} are its counters at that moment. */
        void closed(CloseInfo info, ConnectionStats finalStats);
    }

    EventLoop loop();

    /** Starts delivering events to {@code events} (those that happened before are delivered first). */
    void start(Events events);

    /** Which substrate this is ("udp", ...). */
    String substrate();

    /** Whether this side started the connection. */
    boolean isClient();

    /**
     * {@link System#nanoTime()} when the substrate made this connection (client: before its first Initial; server:
     * once the ClientHello was processed), for handshake timing.
     */
    long createdNanos();

    long openStream(DeliveryMode mode, Priority priority);

    /**
     * Queues a message; true if the backend took ownership of {@code message}, false (the caller keeps it) when the
     * send buffer or a rate limit cannot take it now — {@link Events#writable()} follows when it can.
     */
    boolean send(long streamId, ByteBuf message);

    /** The next received message (the caller owns and releases its data), or null. */
    ReceivedMessage pollMessage();

    void closeStream(long streamId);

    void resetStream(long streamId, long errorCode);

    void setCompression(long streamId, boolean on);

    /** Whether data can flow (handshake done, not closing). */
    boolean isOpen();

    /** Bytes accepted by {@link #send} and not yet acknowledged by the peer. */
    long bufferedBytes();

    void close(CloseReason reason, String phrase);

    /** Closes once everything sent is acknowledged, or after {@code timeoutNanos} anyway. */
    void closeAfterDelivery(long timeoutNanos);

    ConnectionStats stats();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();
}
