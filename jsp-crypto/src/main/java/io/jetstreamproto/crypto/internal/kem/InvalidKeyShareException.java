package io.jetstreamproto.crypto.internal.kem;

import java.util.Objects;

/**
 * A peer's key share, encapsulation key or ciphertext failed a check that draft-ietf-tls-ecdhe-mlkem and FIPS 203
 * make mandatory; the handshake must be aborted (not retried with the same ephemeral keys). The message says what was
 * wrong and never contains key bytes. No stack trace is captured: these are routine rejections of remote input.
 */
public final class InvalidKeyShareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** A share, key or ciphertext of the wrong length (SR-05, SR-34). */
        WRONG_LENGTH,
        /** An ML-KEM encapsulation key failing the FIPS 203 §7.2 modulus check: a coefficient ≥ q (SR-03). */
        MLKEM_KEY_NOT_REDUCED,
        /** An X25519 exchange giving the all-zero secret, i.e. a low-order public key (SR-04). */
        X25519_ZERO_SHARED_SECRET
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason the category, for metrics and the protocol's error code
     * @param message what was wrong, without key material
     */
    public InvalidKeyShareException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, null, false, false);
        this.reason = reason;
    }

    /**
     * The category of the failure.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
