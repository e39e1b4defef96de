package io.jetstreamproto.core.internal.path;

import java.net.InetSocketAddress;

/**
 * One network path of a connection: the peer's address as seen by this endpoint, whether it is validated, and the
 * bytes exchanged on it. Until a path is validated, an endpoint sends on it at most {@link #AMPLIFICATION_FACTOR}
 * times the bytes it received on it (RFC 9000 §8.1, §9.3), so that a forged source address cannot turn the
 * connection into a reflector.
 *
 * <p>Validation without new frames: every packet sent after the switch to this path has a packet number of at least
 * {@link #firstPacketNumber()}; an authenticated acknowledgement of such a packet proves that the peer receives at
 * this address (nobody else can produce it), so {@link #onAcknowledged} validates the path.
 */
public final class PathState {
    /** Bytes an endpoint may send on an unvalidated path per byte received on it. */
    public static final int AMPLIFICATION_FACTOR = 3;

    private final InetSocketAddress remote;
    private final long firstPacketNumber;
    private boolean validated;
    private long bytesReceived;
    private long bytesSent;

    private PathState(InetSocketAddress remote, long firstPacketNumber, boolean validated) {
        this.remote = remote;
        this.firstPacketNumber = firstPacketNumber;
        this.validated = validated;
    }

    /** The path a connection starts on: validated by the handshake itself. */
    public static PathState initial(InetSocketAddress remote) {
        return new PathState(remote, 0, true);
    }

    /** A new, unvalidated path to {@code remote}; the next packet we send has number {@code firstPacketNumber}. */
    public static PathState unvalidated(InetSocketAddress remote, long firstPacketNumber) {
        return new PathState(remote, firstPacketNumber, false);
    }

    public InetSocketAddress remote() {
        return remote;
    }

    public boolean isValidated() {
        return validated;
    }

    /** The first packet number sent on this path (an acknowledgement of it or a later one validates the path). */
    public long firstPacketNumber() {
        return firstPacketNumber;
    }

    public void onReceived(int bytes) {
        bytesReceived += bytes;
    }

    public void onSent(int bytes) {
        bytesSent += bytes;
    }

    /** Bytes that may still be sent on this path now ({@link Integer#MAX_VALUE} once validated). */
    public int sendAllowance() {
        if (validated) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, AMPLIFICATION_FACTOR * bytesReceived - bytesSent));
    }

    /** The peer acknowledged packet {@code largestAcked}: validates the path if it was sent on it. */
    public boolean onAcknowledged(long largestAcked) {
        if (!validated && largestAcked >= firstPacketNumber) {
            validated = true;
            return true;
        }
        return false;
    }

    /** Whether {@code other} differs from this path's address only in its port (a NAT rebinding). */
    public boolean samePeerHost(InetSocketAddress other) {
        return remote.getAddress().equals(other.getAddress());
    }

    public long bytesReceived() {
        return bytesReceived;
    }

    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String toString() {
        return "PathState[" + remote + (validated ? ", validated" : ", unvalidated") + ", in=" + bytesReceived
                + ", out=" + bytesSent + "]";
    }
}
