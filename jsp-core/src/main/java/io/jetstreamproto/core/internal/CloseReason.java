package io.jetstreamproto.core.internal;

/** Why a connection closed; the wire values of CONNECTION_CLOSE (docs/PROTOCOL.md §8.7), as the original's. */
public enum CloseReason {
    /** The application closed the connection. */
    NORMAL(0),
    /** The endpoint is shutting down. */
    GOING_AWAY(1),
    /** A peer violated the protocol; the error code says how. */
    PROTOCOL_ERROR(2),
    /** Idle, heartbeat or handshake timeout. */
    TIMEOUT(3),
    /** A configured rate limit was exceeded. */
    RATE_LIMIT_EXCEEDED(4),
    /** A local failure. */
    INTERNAL_ERROR(5),
    /**
     * The application closed the connection because of an error of its own (a file it cannot write, a request it
     * refuses); the phrase tells the peer why. Not in the original protocol: an older peer reads it as
     * {@link #PROTOCOL_ERROR}.
     */
    APPLICATION_ERROR(6);

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason with wire code {@code code}; unknown codes map to {@link #PROTOCOL_ERROR}. */
    public static CloseReason fromCode(long code) {
        for (CloseReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        return PROTOCOL_ERROR;
    }
}
