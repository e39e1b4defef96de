package io.jetstreamproto.crypto.internal.identity;

/** How the server authenticates (docs/PROTOCOL.md §5.4). */
public enum AuthenticationMode {
    /** Ed25519 signature over the transcript: classical authentication, post-quantum confidentiality. */
    ED25519(1),
    /** Ed25519 and ML-DSA-65 signatures over the same input; both must verify. */
    ED25519_MLDSA65(2);

    private final int code;

    AuthenticationMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The mode with this wire code, or null. */
    public static AuthenticationMode fromCode(int code) {
        for (AuthenticationMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        return null;
    }
}
