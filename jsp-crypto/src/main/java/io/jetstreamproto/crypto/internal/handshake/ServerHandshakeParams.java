package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import java.util.List;

/**
 * What a server accepts and how it authenticates itself.
 *
 * @param supportedVersions     versions the server speaks
 * @param cipherSuitePreference suites in the server's preference order (hardware-dependent by default)
 * @param identities            signing identities; the first is used when ClientHello names no key id
 * @param psks                  external pre-shared keys
 * @param transportParameters   opaque transport parameters (≤ 1024 bytes)
 */
public record ServerHandshakeParams(List<Integer> supportedVersions, List<CipherSuite> cipherSuitePreference,
        List<ServerIdentity> identities, PskStore psks, byte[] transportParameters) {
    public ServerHandshakeParams {
        supportedVersions = List.copyOf(supportedVersions);
        cipherSuitePreference = List.copyOf(cipherSuitePreference);
        identities = List.copyOf(identities);
        if (supportedVersions.isEmpty() || cipherSuitePreference.isEmpty() || identities.isEmpty()) {
            throw new IllegalArgumentException("versions, cipher suites and identities must not be empty");
        }
        if (transportParameters.length > ClientHandshakeParams.MAX_TRANSPORT_PARAMETERS) {
            throw new IllegalArgumentException("transport parameters too large");
        }
        transportParameters = transportParameters.clone();
    }
}
