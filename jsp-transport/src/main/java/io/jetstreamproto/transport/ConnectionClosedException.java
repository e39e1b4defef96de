package io.jetstreamproto.transport;

import java.io.IOException;

/**
 * The connection is closed (or could not be established), or the listener was closed; {@link #info()} says how and
 * by whom. An {@link IOException}, like a closed socket's.
 */
public final class ConnectionClosedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient CloseInfo info;

    public ConnectionClosedException(CloseInfo info) {
        super("connection closed: " + info);
        this.info = info;
    }

    public CloseInfo info() {
        return info;
    }

    public CloseReason reason() {
        return info.reason();
    }
}
