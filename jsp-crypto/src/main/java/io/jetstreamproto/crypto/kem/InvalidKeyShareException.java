package io.jetstreamproto.crypto.kem;

/** A peer's key share or ciphertext failed a mandatory check. The message never contains key bytes. */
public final class InvalidKeyShareException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** A share, key or ciphertext of the wrong length (SR-05, SR-34). */
        WRONG_LENGTH,
        /** An ML-KEM encapsulation key failing the FIPS 203 §7.2 modulus check (SR-03). */
        MLKEM_KEY_NOT_REDUCED,
        /** An X25519 exchange giving the all-zero secret: a low-order point (SR-04). */
        X25519_ZERO_SHARED_SECRET
    }

    private final Reason reason;

    public InvalidKeyShareException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
