package io.jetstreamproto.core.internal.recovery;

/** The peer acknowledged a packet number this endpoint never sent: a protocol violation. */
public final class AckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AckException(String message) {
        super(message, null, false, false);
    }
}
