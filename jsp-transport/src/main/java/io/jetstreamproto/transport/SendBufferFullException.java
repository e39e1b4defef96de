package io.jetstreamproto.transport;

/**
 * An asynchronous send was refused because the application ignored backpressure: beyond the connection's send buffer,
 * already as many bytes were waiting for earlier {@code sendAsync} futures as the send buffer holds. Wait for earlier
 * futures (or use the blocking {@code send}) instead of queueing without bound.
 */
public final class SendBufferFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SendBufferFullException(String message) {
        super(message);
    }
}
