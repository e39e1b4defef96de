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

    /** The counters of several endpoints (the workers of one socket address) added up. */
    public static EndpointStats sum(java.util.List<EndpointStats> parts) {
        GateStats g = null;
        int connections = 0;
        int pending = 0;
        long[] n = new long[10];
        String last = "";
        for (EndpointStats p : parts) {
            if (p.gate() != null) {
                GateStats x = p.gate();
                g = g == null ? x : new GateStats(g.accepted() + x.accepted(), g.tooSmall() + x.tooSmall(),
                        g.versionNegotiations() + x.versionNegotiations(), g.retriesSent() + x.retriesSent(),
                        g.invalidTokens() + x.invalidTokens(), g.malformed() + x.malformed(),
                        g.reassemblyFull() + x.reassemblyFull(), g.reassemblyTimeouts() + x.reassemblyTimeouts(),
                        g.pending() + x.pending());
            }
            connections += p.connections();
            pending += p.handshakesPending();
            long[] v = {p.datagramsReceived(), p.malformed(), p.unknownConnection(), p.handshakesCompleted(),
                p.handshakesFailed(), p.handshakesDuplicated(), p.refusedHandshakeQueueFull(),
                p.refusedConnectionLimit(), p.refusedHalfOpenLimit(), p.connectionsClosed()};
            for (int i = 0; i < n.length; i++) {
                n[i] += v[i];
            }
            if (!p.lastFailure().isEmpty()) {
                last = p.lastFailure();
            }
        }
        return new EndpointStats(g, connections, pending, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9],
                last);
    }

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
