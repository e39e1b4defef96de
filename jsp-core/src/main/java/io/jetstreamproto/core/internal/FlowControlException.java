package io.jetstreamproto.core.internal;

/**
 * A local send could not be accepted because a flow-control or buffering limit would be exceeded: the
 * peer has not granted enough credit and the local send buffer is full. Raised to the application by
 * non-blocking send paths; blocking paths wait for credit instead.
 */
public final class FlowControlException extends RuntimeException {
    private final long requested;
    private final long available;

    /**
     * @param requested the number of bytes the caller tried to send
     * @param available the number of bytes that could have been accepted
     */
    public FlowControlException(long requested, long available) {
        super("flow control: cannot accept " + requested + " bytes, only " + available + " available");
        this.requested = requested;
        this.available = available;
    }

    /** The number of bytes the caller tried to send. */
    public long requested() {
        return requested;
    }

    /** The number of bytes that could have been accepted. */
    public long available() {
        return available;
    }
}
