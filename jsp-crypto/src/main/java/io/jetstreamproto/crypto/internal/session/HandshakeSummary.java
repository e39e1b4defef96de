package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.AuthenticationMode;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;

/**
 * What a completed handshake negotiated: public facts, safe to print.
 *
 * @param version            protocol version
 * @param cipherSuite        record cipher suite
 * @param keyExchange        always "X25519MLKEM768"
 * @param authentication     server authentication mode
 * @param serverFingerprint  SHA256 fingerprint of the server key(s)
 * @param trust              why the client trusted the key (client side; the server reports "n/a")
 * @param retried            whether a Retry (address validation) round trip happened
 * @param pskUsed            whether an external PSK was mixed in
 */
public record HandshakeSummary(int version, CipherSuite cipherSuite, String keyExchange,
        AuthenticationMode authentication, String serverFingerprint, String trust, boolean retried, boolean pskUsed) {
    public static final String KEY_EXCHANGE = "X25519MLKEM768";

    @Override
    public String toString() {
        return ProtocolVersion.describe(version) + ", " + cipherSuite.displayName() + ", " + keyExchange + ", "
                + authentication + ", server key " + serverFingerprint + (retried ? ", after Retry" : "")
                + (pskUsed ? ", with PSK" : "");
    }
}
