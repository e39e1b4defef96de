package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.CloseInfo;
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

    /** The connection ended (once). */
    record Closed(CloseInfo info) implements ConnectionEvent {}
}
