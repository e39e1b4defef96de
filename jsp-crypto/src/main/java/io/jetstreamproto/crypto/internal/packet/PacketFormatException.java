package io.jetstreamproto.crypto.internal.packet;

/**
 * A packet or handshake field could not be decoded: truncated, out of range or inconsistent.
 * Thrown only by decoders; receivers drop the offending datagram and count it.
 */
public final class PacketFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PacketFormatException(String message) {
        super(message, null, false, false); // no stack trace: thrown for hostile input, must be cheap
    }
}
