package io.jetstreamproto.core.internal;

/**
 * A snapshot of one connection's counters (cheap to take; nothing is logged on the hot path).
 *
 * @param smoothedRttNanos       smoothed round-trip time (RFC 9002), 0 before the first sample
 * @param minRttNanos            minimum round-trip time seen
 * @param congestionWindow       congestion window in bytes
 * @param bytesInFlight          bytes sent and not yet acknowledged or declared lost
 * @param bytesSent              UDP payload bytes sent (1-RTT packets)
 * @param bytesReceived          UDP payload bytes of authenticated 1-RTT packets received
 * @param packetsSent            1-RTT packets sent
 * @param packetsReceived        1-RTT packets authenticated and accepted
 * @param packetsLost            packets declared lost (FEC repair packets not included: see repairPacketsLost)
 * @param fragmentsRetransmitted stream fragments sent again after a loss
 * @param messagesSent           messages accepted from the application
 * @param messagesReceived       messages delivered to the application
 * @param packetsDropped         received packets dropped: malformed, unauthentic, duplicate, too old, undecryptable
 * @param duplicatesDropped      of which duplicates (replay window)
 * @param keyUpdates             key phases switched (either side)
 * @param packetsRecovered       packets recovered by forward error correction
 * @param spuriousLosses         packets declared lost that were acknowledged later (reordering, not loss)
 * @param reorderingThreshold    current packet threshold of loss detection (3, raised by observed reordering)
 * @param repairPacketsSent      FEC repair packets sent
 * @param repairBytesSent        UDP payload bytes of those repair packets (included in bytesSent)
 * @param fecParityShards        repair packets per group now (fixed, or chosen by adaptive FEC; 0 when FEC is off)
 * @param messagesCompressed     messages sent LZ4-compressed
 * @param repairPacketsLost      FEC repair packets declared lost
 * @param fecNegotiated          whether FEC is in use on this connection (both sides enabled it)
 * @param compactHeaders         whether we send compact headers (both sides enabled header compression)
 */
public record ConnectionStats(long smoothedRttNanos, long minRttNanos, long congestionWindow, long bytesInFlight,
        long bytesSent, long bytesReceived, long packetsSent, long packetsReceived, long packetsLost,
        long fragmentsRetransmitted, long messagesSent, long messagesReceived, long packetsDropped,
        long duplicatesDropped, long keyUpdates, long packetsRecovered, long spuriousLosses,
        int reorderingThreshold, long repairPacketsSent, long repairBytesSent, int fecParityShards,
        long messagesCompressed, long repairPacketsLost, boolean fecNegotiated, boolean compactHeaders) {
}
