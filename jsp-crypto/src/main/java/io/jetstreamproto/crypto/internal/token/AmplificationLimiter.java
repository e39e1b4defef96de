package io.jetstreamproto.crypto.internal.token;

/**
 * Anti-amplification accounting for one peer address before it is validated (RFC 9000 §8.1, SR-25): the server
 * sends at most {@value #FACTOR} times the bytes it received from that address, retransmissions included. The
 * address becomes validated by a valid retry token or by a packet protected with handshake keys; from then on
 * there is no limit. Not thread-safe.
 */
public final class AmplificationLimiter {
    /** Bytes that may be sent per byte received before validation. */
    public static final int FACTOR = 3;

    private long received;
    private long sent;
    private boolean validated;

    /** Counts a datagram received from the address. */
    public void onReceived(int bytes) {
        received += bytes;
    }

    /** Whether {@code bytes} more may be sent now. */
    public boolean canSend(int bytes) {
        return validated || sent + bytes <= FACTOR * received;
    }

    /** Counts a datagram sent to the address; the caller checked {@link #canSend} first. */
    public void onSent(int bytes) {
        if (!canSend(bytes)) {
            throw new IllegalStateException("anti-amplification limit exceeded");
        }
        sent += bytes;
    }

    /** Remaining budget in bytes ({@link Long#MAX_VALUE} once validated). */
    public long remaining() {
        return validated ? Long.MAX_VALUE : FACTOR * received - sent;
    }

    /** The address is validated: the limit no longer applies. */
    public void markValidated() {
        validated = true;
    }

    public boolean isValidated() {
        return validated;
    }

    public long bytesReceived() {
        return received;
    }

    public long bytesSent() {
        return sent;
    }

    @Override
    public String toString() {
        return "AmplificationLimiter[received=" + received + ", sent=" + sent + ", validated=" + validated + "]";
    }
}
