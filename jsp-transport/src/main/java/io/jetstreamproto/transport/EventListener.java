package io.jetstreamproto.transport;

import java.net.InetSocketAddress;

/**
 * What happens to a connection, for applications that want callbacks (OkHttp's idea): every method has a no-op
 * default, so implement only what you need. Register one with {@link Connection#addListener}, or for every
 * connection of a listener with {@link Listener#addListener} (it sees the handshake of accepted connections too).
 *
 * <p>Callbacks run on the connection's event loop, in the order things happen: they must be quick and must not
 * block (use the {@code Async} methods of {@link Connection} from them).
 */
public interface EventListener {
    /** The handshake started (client: the first datagram is about to be sent). */
    default void handshakeStarted(Connection connection) {}

    /** The handshake completed: data can flow. */
    default void handshakeFinished(Connection connection, HandshakeInfo handshake) {}

    /**
     * The peer's address changed (a NAT rebinding or a move to another network), or a new address was validated
     * ({@code from} equals {@code to}). Until validated, at most three times what was received from the new address
     * is sent to it.
     */
    default void pathChanged(Connection connection, InetSocketAddress from, InetSocketAddress to, boolean validated) {}

    /** The peer opened a stream. */
    default void streamOpened(Connection connection, long streamId) {}

    /** The peer reset a stream: data it had not delivered is gone. */
    default void streamReset(Connection connection, long streamId, long errorCode) {}

    /** The send buffer has room again after sends had to wait. */
    default void writable(Connection connection) {}

    /** The connection ended (exactly once), with how and by whom. */
    default void connectionClosed(Connection connection, CloseInfo info) {}
}
