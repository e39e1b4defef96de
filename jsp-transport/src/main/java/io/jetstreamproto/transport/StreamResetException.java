package io.jetstreamproto.transport;

/** The stream was reset (by the peer, or it asked us to stop sending), so the operation cannot complete. */
public final class StreamResetException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long streamId;
    private final long errorCode;

    /**
     * A reset stream.
     *
     * @param streamId  the stream that was reset
     * @param errorCode the application error code the peer gave
     */
    public StreamResetException(long streamId, long errorCode) {
        super("stream " + streamId + " was reset with error code " + errorCode);
        this.streamId = streamId;
        this.errorCode = errorCode;
    }

    /**
     * The stream that was reset.
     *
     * @return its id
     */
    public long streamId() {
        return streamId;
    }

    /**
     * The application error code the peer gave.
     *
     * @return the code
     */
    public long errorCode() {
        return errorCode;
    }
}
