package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.CloseInfo;
import io.jetstreamproto.crypto.internal.session.HandshakeSummary;

/** Something the application should learn about, polled with {@link ConnectionEngine#pollEvent()}. */
public sealed interface ConnectionEvent {

    /** The handshake completed: 1-RTT data can flow. */
    record Connected(HandshakeSummary summary) implements ConnectionEvent {}

    /** The peer opened a stream. */
    record StreamOpened(long streamId) implements ConnectionEvent {}

    /** The peer reset a stream: its undelivered data is gone. */
    record StreamReset(long streamId, long errorCode) implements ConnectionEvent {}

    /** The send buffer has room again after a send was refused. */
    record Writable() implements ConnectionEvent {}

    /** Messages are waiting in {@link ConnectionEngine#pollMessage()}. */
    record MessagesAvailable() implements ConnectionEvent {}

    /**
     * The path changed: packets now go to {@code to} (a NAT rebinding or migration of the peer, or a fall-back after
     * a failed validation), or the path to {@code to} was validated ({@code from} equals {@code to}). Until a path is
     * validated, what may be sent on it is limited to three times what was received on it.
     */
    record PathChanged(java.net.InetSocketAddress from, java.net.InetSocketAddress to, boolean validated)
            implements ConnectionEvent {}

    /** The connection ended (once). */
    record Closed(CloseInfo info) implements ConnectionEvent {}
}
