package io.jetstreamproto.transport;

/**
 * A message longer than the peer accepts (its maximum message size, or its per-stream flow-control window): it could
 * never be sent and was not queued.
 */
public final class MessageTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long size;
    private final long maxSize;

    /**
     * A message that cannot be sent.
     *
     * @param size    the length of the rejected message in bytes
     * @param maxSize the largest message the peer accepts
     */
    public MessageTooLargeException(long size, long maxSize) {
        super("message of " + size + " bytes exceeds the peer's limit of " + maxSize + " bytes");
        this.size = size;
        this.maxSize = maxSize;
    }

    /**
     * The length of the rejected message.
     *
     * @return bytes
     */
    public long size() {
        return size;
    }

    /**
     * The largest message the peer accepts.
     *
     * @return bytes
     */
    public long maxSize() {
        return maxSize;
    }
}
