package io.jetstreamproto.transport;

/**
 * What a completed handshake negotiated: public facts, safe to print ({@link Connection#handshake()}).
 *
 * @param version           protocol version, as text
 * @param cipherSuite       record cipher suite
 * @param keyExchange       the key exchange: always "X25519MLKEM768" (the hybrid of X25519 and ML-KEM-768)
 * @param authentication    how the server authenticated ("ED25519", or "HYBRID" with ML-DSA-65 too)
 * @param serverFingerprint SHA-256 fingerprint of the server's key(s) (see {@link ServerKeys#fingerprint()})
 * @param trust             why the client trusted the key (pinned, known, first use...; a server reports "n/a")
 * @param retried           whether a Retry (address validation) round trip happened
 * @param pskUsed           whether an external pre-shared key was mixed in
 */
public record HandshakeInfo(String version, CipherSuite cipherSuite, String keyExchange, String authentication,
        String serverFingerprint, String trust, boolean retried, boolean pskUsed) {
}
