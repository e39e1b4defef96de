package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.handshake.PreSharedKey;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.protection.ProtectionConfig;
import java.util.List;

/**
 * Client-side session settings.
 *
 * @param versions            versions in preference order (default: JSP1)
 * @param cipherSuites        suites in preference order (default: AES-256-GCM first where the JVM has AES
 *                            intrinsics, ChaCha20-Poly1305 first otherwise)
 * @param transportParameters opaque parameters for the peer's transport layer
 * @param psk                 optional external pre-shared key
 * @param trust               how the server's key is verified
 * @param serverName          host:port the client connects to (the trust-store key)
 * @param protection          record-layer settings
 * @param timers              handshake timing
 * @param maxDatagramSize     largest handshake datagram (default 1200, QUIC's minimum path MTU payload)
 */
public record ClientSessionConfig(List<Integer> versions, List<CipherSuite> cipherSuites, byte[] transportParameters,
        PreSharedKey psk, ServerTrust trust, String serverName, ProtectionConfig protection, HandshakeTimers timers,
        int maxDatagramSize) {
    public ClientSessionConfig {
        versions = List.copyOf(versions);
        cipherSuites = List.copyOf(cipherSuites);
        transportParameters = transportParameters.clone();
        if (trust == null || serverName == null) {
            throw new IllegalArgumentException("trust and serverName are required");
        }
        if (maxDatagramSize < FlightEncoder.MIN_INITIAL_DATAGRAM || maxDatagramSize > 65_507) {
            throw new IllegalArgumentException("maxDatagramSize must be 1200..65507");
        }
    }

    /** Defaults for a server at {@code serverName} verified by {@code trust}. */
    public static ClientSessionConfig defaults(ServerTrust trust, String serverName) {
        return new ClientSessionConfig(List.of(ProtocolVersion.V1), SuitePreference.hardwareDefault(), new byte[0],
                null, trust, serverName, ProtectionConfig.defaults(), HandshakeTimers.defaults(), 1200);
    }

    public ClientSessionConfig withVersions(List<Integer> v) {
        return new ClientSessionConfig(v, cipherSuites, transportParameters, psk, trust, serverName, protection, timers,
                maxDatagramSize);
    }

    public ClientSessionConfig withCipherSuites(List<CipherSuite> s) {
        return new ClientSessionConfig(versions, s, transportParameters, psk, trust, serverName, protection, timers,
                maxDatagramSize);
    }

    public ClientSessionConfig withTransportParameters(byte[] tp) {
        return new ClientSessionConfig(versions, cipherSuites, tp, psk, trust, serverName, protection, timers,
                maxDatagramSize);
    }

    public ClientSessionConfig withPsk(PreSharedKey k) {
        return new ClientSessionConfig(versions, cipherSuites, transportParameters, k, trust, serverName, protection,
                timers, maxDatagramSize);
    }

    public ClientSessionConfig withProtection(ProtectionConfig p) {
        return new ClientSessionConfig(versions, cipherSuites, transportParameters, psk, trust, serverName, p, timers,
                maxDatagramSize);
    }

    public ClientSessionConfig withTimers(HandshakeTimers t) {
        return new ClientSessionConfig(versions, cipherSuites, transportParameters, psk, trust, serverName, protection,
                t, maxDatagramSize);
    }

    @Override
    public String toString() {
        return "ClientSessionConfig[versions=" + versions + ", suites=" + cipherSuites + ", server=" + serverName
                + ", trust=" + trust + ", psk=" + (psk == null ? "none" : "set") + "]";
    }
}
