package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import java.util.List;

/**
 * What a client offers and how it authenticates the server.
 *
 * @param versions            versions the client supports, in preference order (listed in ClientHello, signed)
 * @param version             the version of this attempt (must be in {@code versions})
 * @param attemptedVersion    the version tried before a Version Negotiation packet, or 0
 * @param cipherSuites        suites offered, in the client's preference order
 * @param transportParameters opaque transport parameters (≤ 1024 bytes)
 * @param psk                 external pre-shared key, or null
 * @param trust               how the server key is verified
 * @param serverName          name the client connects to (host:port), for trust stores
 */
public record ClientHandshakeParams(List<Integer> versions, int version, int attemptedVersion,
        List<CipherSuite> cipherSuites, byte[] transportParameters, PreSharedKey psk, ServerTrust trust,
        String serverName) {
    /** Largest transport-parameter block. */
    public static final int MAX_TRANSPORT_PARAMETERS = 1024;

    public ClientHandshakeParams {
        versions = List.copyOf(versions);
        cipherSuites = List.copyOf(cipherSuites);
        if (!versions.contains(version)) {
            throw new IllegalArgumentException("attempted version not in the supported list");
        }
        if (cipherSuites.isEmpty() || versions.size() > ClientHello.MAX_LIST
                || cipherSuites.size() > ClientHello.MAX_LIST) {
            throw new IllegalArgumentException("bad version or cipher-suite list");
        }
        if (transportParameters.length > MAX_TRANSPORT_PARAMETERS) {
            throw new IllegalArgumentException("transport parameters too large");
        }
        transportParameters = transportParameters.clone();
    }

    /** A copy for the retry after Version Negotiation: try {@code newVersion}, remember {@code version}. */
    public ClientHandshakeParams afterVersionNegotiation(int newVersion) {
        return new ClientHandshakeParams(versions, newVersion, version, cipherSuites, transportParameters, psk, trust,
                serverName);
    }
}
