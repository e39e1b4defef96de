package io.jetstreamproto.core.internal;

/**
 * A stream was reset, so the operation cannot complete: the peer reset its sending direction
 * (RESET_STREAM) or asked this endpoint to stop sending (STOP_SENDING). Carries the application error
 * code the peer gave.
 */
public final class StreamResetException extends RuntimeException {
    private final long streamId;
    private final long errorCode;

    /**
     * @param streamId  the stream that was reset
     * @param errorCode the application error code from RESET_STREAM or STOP_SENDING
     */
    public StreamResetException(long streamId, long errorCode) {
        super("stream " + streamId + " was reset with error code " + errorCode);
        this.streamId = streamId;
        this.errorCode = errorCode;
    }

    /** The stream that was reset. */
    public long streamId() {
        return streamId;
    }

    /** The application error code from RESET_STREAM or STOP_SENDING. */
    public long errorCode() {
        return errorCode;
    }
}
