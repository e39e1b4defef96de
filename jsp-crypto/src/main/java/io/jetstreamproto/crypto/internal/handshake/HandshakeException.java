package io.jetstreamproto.crypto.internal.handshake;

/**
 * A handshake failed. The message says what went wrong in words safe to log: never key material.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final HandshakeError error;

    public HandshakeException(HandshakeError error, String message) {
        super(error + ": " + message);
        this.error = error;
    }

    public HandshakeException(HandshakeError error, String message, Throwable cause) {
        super(error + ": " + message, cause);
        this.error = error;
    }

    /** The typed reason. */
    public HandshakeError error() {
        return error;
    }
}
