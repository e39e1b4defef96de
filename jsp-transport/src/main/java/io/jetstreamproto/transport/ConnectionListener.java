package io.jetstreamproto.transport;

import io.jetstreamproto.core.CloseInfo;

/**
 * Connection events, for applications that prefer callbacks. Every method has a no-op default. Callbacks run on the
 * connection's event loop: they must not block.
 */
public interface ConnectionListener {
    /** The peer opened a stream. */
    default void streamOpened(Connection connection, long streamId) {}

    /** The peer reset a stream. */
    default void streamReset(Connection connection, long streamId, long errorCode) {}

    /** The send buffer has room again after sends had to wait. */
    default void writable(Connection connection) {}

    /** The connection ended. */
    default void closed(Connection connection, CloseInfo info) {}
}
