package io.jetstreamproto.transport;

/**
 * Record-protection cipher suites (docs/PROTOCOL.md §5.2); the suite only selects the AEAD. By default the client
 * offers AES-256-GCM first where the JVM has AES hardware support, ChaCha20-Poly1305 first otherwise.
 */
public enum CipherSuite {
    /** ChaCha20-Poly1305 (RFC 8439): constant-time and fast in software. */
    CHACHA20_POLY1305_SHA256("ChaCha20-Poly1305"),
    /** AES-256-GCM: fastest where the JVM uses AES-NI/CLMUL (or ARMv8 crypto) intrinsics. */
    AES_256_GCM_SHA256("AES-256-GCM");

    private final String displayName;

    CipherSuite(String displayName) {
        this.displayName = displayName;
    }

    /**
     * A human-readable name for logs and tools.
     *
     * @return "ChaCha20-Poly1305" or "AES-256-GCM"
     */
    public String displayName() {
        return displayName;
    }
}
