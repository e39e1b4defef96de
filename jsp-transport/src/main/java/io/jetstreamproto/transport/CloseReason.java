package io.jetstreamproto.transport;

/** Why a connection closed; the wire values of CONNECTION_CLOSE (docs/PROTOCOL.md §8.7). */
public enum CloseReason {
    /** The application closed the connection. */
    NORMAL,
    /** The endpoint is shutting down. */
    GOING_AWAY,
    /** A peer violated the protocol; the error code says how. */
    PROTOCOL_ERROR,
    /** Idle, heartbeat or handshake timeout. */
    TIMEOUT,
    /** A configured rate limit was exceeded. */
    RATE_LIMIT_EXCEEDED,
    /** A local failure. */
    INTERNAL_ERROR,
    /** The application failed (for example a receiver that cannot store what it receives); the phrase says how. */
    APPLICATION_ERROR
}
