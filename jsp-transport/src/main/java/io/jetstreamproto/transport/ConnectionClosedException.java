package io.jetstreamproto.transport;

import io.jetstreamproto.core.CloseInfo;
import io.jetstreamproto.core.CloseReason;

/** The connection is closed (or could not be established); {@link #info()} says how and by whom. */
public final class ConnectionClosedException extends Exception {
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
