package io.jetstreamproto.core.internal.stream;

/**
 * One control frame's value that must reach the peer: due once when set, due again when the packet carrying
 * it is lost, settled when it is acknowledged (docs/PROTOCOL.md §8.1: lost state-changing frames are resent
 * with the latest value).
 */
final class SignalSlot<T> {
    private T value;
    private boolean pending;
    private boolean acked;

    /** Makes {@code latest} the value to send. */
    void set(T latest) {
        value = latest;
        pending = true;
        acked = false;
    }

    /** The latest value, or null if none was set. */
    T value() {
        return value;
    }

    boolean isSet() {
        return value != null;
    }

    boolean isPending() {
        return pending;
    }

    boolean isAcked() {
        return acked;
    }

    /** The value if it is due, else null; it is then not due until lost. */
    T poll() {
        if (!pending) {
            return null;
        }
        pending = false;
        return value;
    }

    /** The packet carrying the value was lost: due again unless acknowledged. */
    void onLost() {
        if (value != null && !acked) {
            pending = true;
        }
    }

    void onAcked() {
        if (value != null) {
            acked = true;
            pending = false;
        }
    }

    /** Not due any more (the stream was reset). */
    void cancel() {
        pending = false;
    }
}
