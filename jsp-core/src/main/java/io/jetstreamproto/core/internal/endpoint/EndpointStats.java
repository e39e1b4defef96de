package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.crypto.internal.session.GateStats;

/**
 * Counters of a server endpoint.
 *
 * @param gate                       what the Initial gate accepted, answered and dropped
 * @param connections                live connections
 * @param handshakesPending          handshake jobs queued or running
 * @param datagramsReceived          datagrams handed to the endpoint
 * @param malformed                  datagrams without a readable connection id
 * @param unknownConnection          1-RTT packets for no connection
 * @param handshakesCompleted        handshake jobs that produced a connection
 * @param handshakesFailed           handshake jobs that failed (bad ClientHello, unknown key id, ...)
 * @param handshakesDuplicated       jobs discarded as duplicates
 * @param refusedHandshakeQueueFull  ClientHellos dropped because the handshake queue was full
 * @param refusedConnectionLimit     ClientHellos dropped at the connection limit
 * @param refusedHalfOpenLimit       ClientHellos dropped at the half-open limit
 * @param connectionsClosed          connections removed after closing
 * @param lastFailure                message of the last failed handshake (public information only)
 */
public record EndpointStats(GateStats gate, int connections, int handshakesPending, long datagramsReceived,
        long malformed, long unknownConnection, long handshakesCompleted, long handshakesFailed,
        long handshakesDuplicated, long refusedHandshakeQueueFull, long refusedConnectionLimit,
        long refusedHalfOpenLimit, long connectionsClosed, String lastFailure) {

    /** Mutable counters behind the snapshot. */
    static final class Counters {
        long datagramsReceived;
        long malformed;
        long unknownConnection;
        long handshakesCompleted;
        long handshakesFailed;
        long handshakesDuplicated;
        long refusedHandshakeQueueFull;
        long refusedConnectionLimit;
        long refusedHalfOpenLimit;
        long connectionsClosed;
        String lastFailure = "";

        EndpointStats snapshot(GateStats gate, int connections, int pending) {
            return new EndpointStats(gate, connections, pending, datagramsReceived, malformed, unknownConnection,
                    handshakesCompleted, handshakesFailed, handshakesDuplicated, refusedHandshakeQueueFull,
                    refusedConnectionLimit, refusedHalfOpenLimit, connectionsClosed, lastFailure);
        }
    }
}
