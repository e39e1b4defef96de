package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.protection.ProtectionConfig;

/**
 * Server-side session settings.
 *
 * @param handshake       versions, suites, identities, PSKs, transport parameters
 * @param protection      record-layer settings
 * @param timers          handshake timing (the handshake timeout is the half-open lifetime)
 * @param maxDatagramSize largest handshake datagram (default 1200)
 */
public record ServerSessionConfig(ServerHandshakeParams handshake, ProtectionConfig protection, HandshakeTimers timers,
        int maxDatagramSize) {
    public ServerSessionConfig {
        if (maxDatagramSize < FlightEncoder.MIN_INITIAL_DATAGRAM || maxDatagramSize > 65_507) {
            throw new IllegalArgumentException("maxDatagramSize must be 1200..65507");
        }
    }

    public static ServerSessionConfig defaults(ServerHandshakeParams handshake) {
        return new ServerSessionConfig(handshake, ProtectionConfig.defaults(), HandshakeTimers.defaults(), 1200);
    }
}
