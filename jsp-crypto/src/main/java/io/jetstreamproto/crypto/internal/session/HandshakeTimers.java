package io.jetstreamproto.crypto.internal.session;

import java.time.Duration;

/**
 * Handshake timing (docs/PROTOCOL.md §6.1).
 *
 * @param initialRetransmit first retransmission timeout of a flight (default 300 ms)
 * @param maxRetransmit     cap of the exponential backoff (default 3 s)
 * @param handshakeTimeout  the whole handshake must complete within this (default 10 s); also the server's
 *                          half-open lifetime
 */
public record HandshakeTimers(Duration initialRetransmit, Duration maxRetransmit, Duration handshakeTimeout) {
    public HandshakeTimers {
        if (initialRetransmit.isNegative() || initialRetransmit.isZero() || maxRetransmit.compareTo(initialRetransmit) < 0
                || handshakeTimeout.compareTo(initialRetransmit) < 0) {
            throw new IllegalArgumentException("need 0 < initialRetransmit <= maxRetransmit and <= handshakeTimeout");
        }
    }

    public static HandshakeTimers defaults() {
        return new HandshakeTimers(Duration.ofMillis(300), Duration.ofSeconds(3), Duration.ofSeconds(10));
    }
}
