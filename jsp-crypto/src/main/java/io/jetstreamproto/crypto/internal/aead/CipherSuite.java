package io.jetstreamproto.crypto.internal.aead;

import java.util.Optional;

/**
 * Record-protection cipher suites (docs/PROTOCOL.md §5.2). Both use SHA-256 in the key schedule, 32-byte keys,
 * 12-byte IVs/nonces and 16-byte tags; the suite only selects the AEAD.
 */
public enum CipherSuite {
    /** ChaCha20-Poly1305 (RFC 8439): constant-time and fast in software; preferred without AES hardware. */
    CHACHA20_POLY1305_SHA256(0x0A01, "ChaCha20-Poly1305"),
    /** AES-256-GCM with a 16-byte tag: fastest where the JVM uses AES-NI/CLMUL (or ARMv8 crypto) intrinsics. */
    AES_256_GCM_SHA256(0x0A02, "AES-256-GCM");

    private final int id;
    private final String displayName;

    CipherSuite(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /**
     * The 16-bit code of this suite on the wire.
     *
     * @return the wire code
     */
    public int id() {
        return id;
    }

    /**
     * A human-readable name ("ChaCha20-Poly1305", "AES-256-GCM") for logs and tools.
     *
     * @return the display name
     */
    public String displayName() {
        return displayName;
    }

    /**
     * AEAD key length.
     *
     * @return 32 bytes
     */
    public int keyLength() {
        return 32;
    }

    /**
     * Length of the per-direction IV, and of every nonce.
     *
     * @return 12 bytes
     */
    public int ivLength() {
        return PacketCipher.NONCE_LENGTH;
    }

    /**
     * Authentication tag length.
     *
     * @return 16 bytes
     */
    public int tagLength() {
        return PacketCipher.TAG_LENGTH;
    }

    /**
     * The suite with wire code {@code id}.
     *
     * @param id a 16-bit wire code
     * @return the suite, or empty if this version does not know the code
     */
    public static Optional<CipherSuite> fromId(int id) {
        for (CipherSuite s : values()) {
            if (s.id == id) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
