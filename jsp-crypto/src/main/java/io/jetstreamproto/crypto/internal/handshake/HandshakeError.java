package io.jetstreamproto.crypto.internal.handshake;

/** Why a handshake failed. Stable numbers: they appear in CONNECTION_CLOSE frames once keys exist. */
public enum HandshakeError {
    /** A message could not be decoded, or a field had an impossible value. */
    MALFORMED_MESSAGE(0x101),
    /** A message arrived in a state where it is not allowed. */
    UNEXPECTED_MESSAGE(0x102),
    /** No version in common. */
    UNSUPPORTED_VERSION(0x103),
    /** A version downgrade was detected (forged Version Negotiation or edited version list). */
    VERSION_DOWNGRADE(0x104),
    /** No cipher suite in common, or the server chose one the client did not offer. */
    NO_COMMON_CIPHER_SUITE(0x105),
    /** A key share failed its checks: wrong length, ML-KEM key not reduced, all-zero X25519 secret. */
    INVALID_KEY_SHARE(0x106),
    /** The client asked for a server key id this server does not hold. */
    UNKNOWN_SERVER_KEY(0x107),
    /** The client named a pre-shared key this server does not know. */
    UNKNOWN_PSK(0x108),
    /** A server signature did not verify. */
    BAD_SIGNATURE(0x109),
    /** The server's key is not the pinned or previously seen one. */
    UNTRUSTED_SERVER_KEY(0x10A),
    /** A Finished MAC did not verify (tampered transcript, wrong PSK, or wrong key share). */
    FINISHED_MISMATCH(0x10B),
    /** Authenticated connection-id parameters did not match what the client saw (forged Retry). */
    CONNECTION_ID_MISMATCH(0x10C),
    /** The handshake did not complete in time. */
    TIMEOUT(0x10D),
    /** The authentication mode required by configuration was not used by the peer. */
    AUTHENTICATION_MODE_MISMATCH(0x10E),
    /** An internal failure (a bug); details are logged locally, never sent. */
    INTERNAL_ERROR(0x1FF);

    private final int code;

    HandshakeError(int code) {
        this.code = code;
    }

    /** The wire code. */
    public int code() {
        return code;
    }
}
