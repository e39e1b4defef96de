package io.jetstreamproto.transport;

/**
 * Counters of an {@link Endpoint} (and of a {@link Listener} on it), summed over its sockets: handshakes, drops by
 * reason, connections. A final class with accessors, so that counters can be added compatibly.
 */
public final class EndpointStats {
    private final io.jetstreamproto.core.internal.endpoint.EndpointStats s;

    EndpointStats(io.jetstreamproto.core.internal.endpoint.EndpointStats s) {
        this.s = s;
    }

    /**
     * Live connections.
     *
     * @return the value
     */
    public int connections() {
        return s.connections();
    }

    /**
     * Handshake jobs queued or running.
     *
     * @return the value
     */
    public int handshakesPending() {
        return s.handshakesPending();
    }

    /**
     * Datagrams handed to the endpoint.
     *
     * @return the value
     */
    public long datagramsReceived() {
        return s.datagramsReceived();
    }

    /**
     * Datagrams without a readable connection id.
     *
     * @return the value
     */
    public long malformed() {
        return s.malformed();
    }

    /**
     * 1-RTT packets for no connection.
     *
     * @return the value
     */
    public long unknownConnection() {
        return s.unknownConnection();
    }

    /**
     * Handshake jobs that produced a connection.
     *
     * @return the value
     */
    public long handshakesCompleted() {
        return s.handshakesCompleted();
    }

    /**
     * Handshake jobs that failed (bad ClientHello, unknown key id, ...).
     *
     * @return the value
     */
    public long handshakesFailed() {
        return s.handshakesFailed();
    }

    /**
     * Jobs discarded as duplicates.
     *
     * @return the value
     */
    public long handshakesDuplicated() {
        return s.handshakesDuplicated();
    }

    /**
     * ClientHellos dropped because the handshake queue was full.
     *
     * @return the value
     */
    public long refusedHandshakeQueueFull() {
        return s.refusedHandshakeQueueFull();
    }

    /**
     * ClientHellos dropped at the connection limit.
     *
     * @return the value
     */
    public long refusedConnectionLimit() {
        return s.refusedConnectionLimit();
    }

    /**
     * ClientHellos dropped at the half-open limit.
     *
     * @return the value
     */
    public long refusedHalfOpenLimit() {
        return s.refusedHalfOpenLimit();
    }

    /**
     * Connections removed after closing.
     *
     * @return the value
     */
    public long connectionsClosed() {
        return s.connectionsClosed();
    }

    /**
     * Message of the last failed handshake (public information only).
     *
     * @return the value
     */
    public String lastFailure() {
        return s.lastFailure();
    }

    /**
     * Complete ClientHellos handed to the handshake.
     *
     * @return the value
     */
    public long clientHellosAccepted() {
        return s.gate() == null ? 0 : s.gate().accepted();
    }

    /**
     * Initial datagrams under 1200 bytes, dropped.
     *
     * @return the value
     */
    public long tooSmall() {
        return s.gate() == null ? 0 : s.gate().tooSmall();
    }

    /**
     * Version Negotiation replies sent.
     *
     * @return the value
     */
    public long versionNegotiations() {
        return s.gate() == null ? 0 : s.gate().versionNegotiations();
    }

    /**
     * Retry replies sent (address validation).
     *
     * @return the value
     */
    public long retriesSent() {
        return s.gate() == null ? 0 : s.gate().retriesSent();
    }

    /**
     * Initials with an invalid, expired or foreign token, dropped.
     *
     * @return the value
     */
    public long invalidTokens() {
        return s.gate() == null ? 0 : s.gate().invalidTokens();
    }

    /**
     * Partial ClientHellos that timed out.
     *
     * @return the value
     */
    public long reassemblyTimeouts() {
        return s.gate() == null ? 0 : s.gate().reassemblyTimeouts();
    }

    /**
     * Undecodable Initial datagrams, dropped.
     *
     * @return the value
     */
    public long initialsMalformed() {
        return s.gate() == null ? 0 : s.gate().malformed();
    }

    @Override
    public String toString() {
        return s.toString();
    }
}
