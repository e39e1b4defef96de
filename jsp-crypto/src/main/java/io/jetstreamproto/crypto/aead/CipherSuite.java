package io.jetstreamproto.crypto.aead;

import java.util.Optional;

/** Record-protection cipher suites (docs/PROTOCOL.md §5.2). Both use SHA-256 in the key schedule and 32-byte keys. */
public enum CipherSuite {
    /** ChaCha20-Poly1305 (RFC 8439): fast in software, preferred without AES hardware. */
    CHACHA20_POLY1305_SHA256(0x0A01, "ChaCha20-Poly1305"),
    /** AES-256-GCM with a 16-byte tag: fastest where the JVM uses AES-NI/CLMUL intrinsics. */
    AES_256_GCM_SHA256(0x0A02, "AES-256-GCM");

    private final int id;
    private final String displayName;

    CipherSuite(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The 16-bit wire code. */
    public int id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public int keyLength() {
        return 32;
    }

    public int ivLength() {
        return 12;
    }

    public int tagLength() {
        return 16;
    }

    /** The suite with wire code {@code id}, if this version knows it. */
    public static Optional<CipherSuite> fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
