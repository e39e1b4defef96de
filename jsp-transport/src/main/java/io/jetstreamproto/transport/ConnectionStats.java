package io.jetstreamproto.transport;

import java.util.Objects;

/**
 * A snapshot of one connection's counters, from {@link Connection#stats()}: cheap to take, nothing is logged on the
 * hot path. A final class with accessors, so that new counters can be added without breaking code compiled against
 * an older version. Times are in nanoseconds, sizes in bytes (UDP payload).
 */
public final class ConnectionStats {
    private final io.jetstreamproto.core.internal.ConnectionStats s;
    private final String transport;

    ConnectionStats(io.jetstreamproto.core.internal.ConnectionStats s, String transport) {
        this.s = Objects.requireNonNull(s);
        this.transport = transport;
    }

    /**
     * The substrate the connection runs on ("udp").
     *
     * @return the transport name
     */
    public String transport() {
        return transport;
    }

    /**
     * Smoothed round-trip time (RFC 9002), 0 before the first sample.
     *
     * @return the value
     */
    public long smoothedRttNanos() {
        return s.smoothedRttNanos();
    }

    /**
     * Minimum round-trip time seen.
     *
     * @return the value
     */
    public long minRttNanos() {
        return s.minRttNanos();
    }

    /**
     * Congestion window in bytes.
     *
     * @return the value
     */
    public long congestionWindow() {
        return s.congestionWindow();
    }

    /**
     * Bytes sent and not yet acknowledged or declared lost.
     *
     * @return the value
     */
    public long bytesInFlight() {
        return s.bytesInFlight();
    }

    /**
     * UDP payload bytes sent (1-RTT packets).
     *
     * @return the value
     */
    public long bytesSent() {
        return s.bytesSent();
    }

    /**
     * UDP payload bytes of authenticated 1-RTT packets received.
     *
     * @return the value
     */
    public long bytesReceived() {
        return s.bytesReceived();
    }

    /**
     * 1-RTT packets sent.
     *
     * @return the value
     */
    public long packetsSent() {
        return s.packetsSent();
    }

    /**
     * 1-RTT packets authenticated and accepted.
     *
     * @return the value
     */
    public long packetsReceived() {
        return s.packetsReceived();
    }

    /**
     * Packets declared lost (FEC repair packets not included: see repairPacketsLost).
     *
     * @return the value
     */
    public long packetsLost() {
        return s.packetsLost();
    }

    /**
     * Stream fragments sent again after a loss.
     *
     * @return the value
     */
    public long fragmentsRetransmitted() {
        return s.fragmentsRetransmitted();
    }

    /**
     * Messages accepted from the application.
     *
     * @return the value
     */
    public long messagesSent() {
        return s.messagesSent();
    }

    /**
     * Messages delivered to the application.
     *
     * @return the value
     */
    public long messagesReceived() {
        return s.messagesReceived();
    }

    /**
     * Received packets dropped: malformed, unauthentic, duplicate, too old, undecryptable.
     *
     * @return the value
     */
    public long packetsDropped() {
        return s.packetsDropped();
    }

    /**
     * Of which duplicates (replay window).
     *
     * @return the value
     */
    public long duplicatesDropped() {
        return s.duplicatesDropped();
    }

    /**
     * Key phases switched (either side).
     *
     * @return the value
     */
    public long keyUpdates() {
        return s.keyUpdates();
    }

    /**
     * Packets recovered by forward error correction.
     *
     * @return the value
     */
    public long packetsRecovered() {
        return s.packetsRecovered();
    }

    /**
     * Packets declared lost that were acknowledged later (reordering, not loss).
     *
     * @return the value
     */
    public long spuriousLosses() {
        return s.spuriousLosses();
    }

    /**
     * Current packet threshold of loss detection (3, raised by observed reordering).
     *
     * @return the value
     */
    public int reorderingThreshold() {
        return s.reorderingThreshold();
    }

    /**
     * FEC repair packets sent.
     *
     * @return the value
     */
    public long repairPacketsSent() {
        return s.repairPacketsSent();
    }

    /**
     * UDP payload bytes of those repair packets (included in bytesSent).
     *
     * @return the value
     */
    public long repairBytesSent() {
        return s.repairBytesSent();
    }

    /**
     * Repair packets per group now (fixed, or chosen by adaptive FEC; 0 when FEC is off).
     *
     * @return the value
     */
    public int fecParityShards() {
        return s.fecParityShards();
    }

    /**
     * Messages sent LZ4-compressed.
     *
     * @return the value
     */
    public long messagesCompressed() {
        return s.messagesCompressed();
    }

    /**
     * FEC repair packets declared lost.
     *
     * @return the value
     */
    public long repairPacketsLost() {
        return s.repairPacketsLost();
    }

    /**
     * Whether FEC is in use on this connection (both sides enabled it).
     *
     * @return the value
     */
    public boolean fecNegotiated() {
        return s.fecNegotiated();
    }

    /**
     * Whether we send compact headers (both sides enabled header compression).
     *
     * @return the value
     */
    public boolean compactHeaders() {
        return s.compactHeaders();
    }

    @Override
    public String toString() {
        return s.toString().replace("ConnectionStats[", "ConnectionStats[transport=" + transport + ", ");
    }
}
