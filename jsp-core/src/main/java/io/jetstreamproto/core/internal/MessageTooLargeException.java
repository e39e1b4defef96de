package io.jetstreamproto.core.internal;

/**
 * The application tried to send a message longer than the peer accepts: longer than its
 * max_message_size, or than its per-stream flow-control window, so it could never be sent
 * (docs/PROTOCOL.md §8.5). The message was not queued.
 */
public final class MessageTooLargeException extends RuntimeException {
    private final long size;
    private final long maxSize;

    /**
     * @param size    the length of the rejected message in bytes
     * @param maxSize the largest message the peer accepts
     */
    public MessageTooLargeException(long size, long maxSize) {
        super("message of " + size + " bytes exceeds the peer's limit of " + maxSize + " bytes");
        this.size = size;
        this.maxSize = maxSize;
    }

    /** The length of the rejected message in bytes. */
    public long size() {
        return size;
    }

    /** The largest message the peer accepts. */
    public long maxSize() {
        return maxSize;
    }
}
