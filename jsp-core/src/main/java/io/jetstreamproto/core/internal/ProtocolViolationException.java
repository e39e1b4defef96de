package io.jetstreamproto.core.internal;

import java.util.Objects;

/**
 * The peer violated the protocol: thrown while processing frames it sent. The engine closes the connection
 * with CONNECTION_CLOSE reason ProtocolError and {@link #error()}'s code (docs/PROTOCOL.md §8.7).
 *
 * <p>Misuse by the local application is reported with {@link IllegalArgumentException} or
 * {@link IllegalStateException} instead, never with this type.
 */
public final class ProtocolViolationException extends RuntimeException {
    private final ProtocolError error;

    /**
     * @param error   the error code to close the connection with
     * @param message what the peer did, in words safe to log and to send as the close phrase
     */
    public ProtocolViolationException(ProtocolError error, String message) {
        super(Objects.requireNonNull(error, "error") + ": " + message);
        this.error = error;
    }

    /** The typed reason. */
    public ProtocolError error() {
        return error;
    }

    /** The wire value of {@link #error()}, for CONNECTION_CLOSE's error_code field. */
    public int errorCode() {
        return error.code();
    }
}
