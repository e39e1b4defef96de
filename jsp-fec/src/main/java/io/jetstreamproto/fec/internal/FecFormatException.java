package io.jetstreamproto.fec.internal;

/**
 * A repair packet could not be decoded: it is truncated or one of its fields is out of range.
 *
 * <p>Unchecked because it signals bad input from the network, which the caller counts and drops; it is the only
 * exception {@link FecRepairHeader#decode} throws for malformed bytes.
 */
public final class FecFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong, naming the field
     */
    public FecFormatException(String message) {
        super(message);
    }
}
