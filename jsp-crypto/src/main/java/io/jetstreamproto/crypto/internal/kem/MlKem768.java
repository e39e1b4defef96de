package io.jetstreamproto.crypto.internal.kem;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.Secrets;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * ML-KEM-768 (FIPS 203), which is what "Kyber768" means in JetStreamProto (SR-01; round-3 Kyber is a different,
 * incompatible function). Bouncy Castle 1.87's lightweight API ({@code org.bouncycastle.crypto.kems}), with all
 * randomness drawn from a {@link RandomSource}: key generation from a 64-byte seed {@code d || z}
 * (ML-KEM.KeyGen_internal) and encapsulation from a 32-byte {@code m} (ML-KEM.Encaps_internal), so that tests are
 * deterministic and Go's accumulated test runs through this class.
 */
public final class MlKem768 {
    /** Encapsulation (public) key length. */
    public static final int EK_LENGTH = 1184;
    /** Ciphertext length. */
    public static final int CT_LENGTH = 1088;
    /** Shared secret length. */
    public static final int SS_LENGTH = 32;
    /** Length of the key-generation seed {@code d || z}. */
    public static final int SEED_LENGTH = 64;
    /** Length of the encapsulation randomness {@code m}. */
    static final int M_LENGTH = 32;

    private MlKem768() {}

    /**
     * A decapsulation key and its encapsulation key. {@link #destroy()} wipes the private part (Bouncy Castle's
     * {@code MLKEMPrivateKeyParameters} is {@code Destroyable}). Not thread-safe to destroy while in use.
     */
    public static final class KeyPair implements Destroyable {
        private final MLKEMPrivateKeyParameters privateKey;
        private final byte[] encapsulationKey;

        private KeyPair(MLKEMPrivateKeyParameters privateKey) {
            this.privateKey = privateKey;
            this.encapsulationKey = privateKey.getPublicKey();
        }

        /**
         * The encapsulation key, to send to the peer.
         *
         * @return a copy of the 1184-byte encapsulation key
         */
        public byte[] encapsulationKey() {
            return encapsulationKey.clone();
        }

        /**
         * The 64-byte seed {@code d || z} the key pair was generated from: the compact storage form FIPS 203 allows
         * (store seeds, not expanded keys; security.md 3.1).
         *
         * @return a copy of the seed (the caller wipes it)
         * @throws IllegalStateException if destroyed
         */
        public byte[] seed() {
            return privateKey().getSeed();
        }

        /** The private key, for decapsulation. */
        MLKEMPrivateKeyParameters privateKey() {
            if (privateKey.isDestroyed()) {
                throw new IllegalStateException("ML-KEM key destroyed");
            }
            return privateKey;
        }

        /** Wipes the decapsulation key and seed. Idempotent. */
        @Override
        public void destroy() {
            privateKey.destroy();
        }

        /** Whether {@link #destroy()} was called. */
        @Override
        public boolean isDestroyed() {
            return privateKey.isDestroyed();
        }

        /** Never shows key material. */
        @Override
        public String toString() {
            return "MlKem768.KeyPair[private key redacted" + (isDestroyed() ? ", destroyed" : "") + "]";
        }
    }

    /** A shared secret and the ciphertext that carries it to the holder of the decapsulation key. */
    public static final class Encapsulation implements Destroyable {
        private final byte[] ciphertext;
        private final byte[] sharedSecret;
        private boolean destroyed;

        Encapsulation(byte[] ciphertext, byte[] sharedSecret) {
            this.ciphertext = ciphertext;
            this.sharedSecret = sharedSecret;
        }

        /**
         * The ciphertext, to send to the peer.
         *
         * @return a copy of the 1088-byte ciphertext
         */
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        /**
         * The shared secret, borrowed (not copied): do not keep, modify or log it; {@link #destroy()} wipes it.
         *
         * @return the 32-byte shared secret
         * @throws IllegalStateException if destroyed
         */
        public byte[] sharedSecret() {
            if (destroyed) {
                throw new IllegalStateException("ML-KEM encapsulation destroyed");
            }
            return sharedSecret;
        }

        /** Wipes the shared secret. Idempotent. */
        @Override
        public void destroy() {
            destroyed = true;
            Secrets.wipe(sharedSecret);
        }

        /** Whether {@link #destroy()} was called. */
        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "MlKem768.Encapsulation[secret redacted" + (destroyed ? ", destroyed" : "") + "]";
        }
    }

    /**
     * A fresh key pair from 64 bytes of {@code random} (the seed {@code d || z}).
     *
     * @param random the randomness source
     * @return the key pair (destroy it when the handshake is over)
     */
    public static KeyPair generateKeyPair(RandomSource random) {
        byte[] seed = random.nextBytes(SEED_LENGTH);
        try {
            return keyPairFromSeed(seed);
        } finally {
            Secrets.wipe(seed);
        }
    }

    /**
     * The key pair ML-KEM.KeyGen_internal(d, z) for {@code seed = d || z}: deterministic, for stored keys and
     * known-answer tests.
     *
     * @param seed the 64-byte seed (copied; the caller still owns and wipes it)
     * @return the key pair
     * @throws IllegalArgumentException if the seed is not 64 bytes
     */
    public static KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("ML-KEM-768 seed must be 64 bytes, got " + seed.length);
        }
        return new KeyPair(new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed.clone()));
    }

    /**
     * Encapsulates to the peer's key {@code ek}. The FIPS 203 §7.2 input check (length, then the modulus check that
     * every coefficient is below q) runs before anything else, before any randomness is drawn (SR-03); then 32 bytes
     * {@code m} are drawn from {@code random}.
     *
     * @param ek the peer's 1184-byte encapsulation key
     * @param random the randomness source
     * @return the ciphertext and shared secret (destroy it when done)
     * @throws InvalidKeyShareException {@code WRONG_LENGTH} or {@code MLKEM_KEY_NOT_REDUCED} if {@code ek} fails the
     *     check
     */
    public static Encapsulation encapsulate(byte[] ek, RandomSource random) {
        MLKEMPublicKeyParameters checkedKey = checkedEncapsulationKey(ek);
        byte[] m = random.nextBytes(M_LENGTH);
        try {
            return encapsulateChecked(checkedKey, m);
        } finally {
            Secrets.wipe(m);
        }
    }

    /**
     * ML-KEM.Encaps_internal(ek, m) with explicit randomness: for known-answer tests only (reusing {@code m} with one
     * key repeats the shared secret).
     *
     * @throws InvalidKeyShareException if {@code ek} fails the FIPS 203 §7.2 check
     */
    static Encapsulation encapsulateDeterministic(byte[] ek, byte[] m) {
        if (m.length != M_LENGTH) {
            throw new IllegalArgumentException("ML-KEM encapsulation randomness must be 32 bytes");
        }
        return encapsulateChecked(checkedEncapsulationKey(ek), m);
    }

    /** ML-KEM.Encaps_internal(pk, m) for a key that passed {@link #checkedEncapsulationKey}; {@code m} is not kept. */
    static Encapsulation encapsulateChecked(MLKEMPublicKeyParameters pk, byte[] m) {
        SecretWithEncapsulation swe = MLKEMGenerator.internalGenerateEncapsulated(pk, m.clone());
        try {
            return new Encapsulation(swe.getEncapsulation(), swe.getSecret()); // both getters return copies
        } finally {
            try {
                swe.destroy();
            } catch (DestroyFailedException e) {
                // BC's implementation does not throw it; nothing else holds the secret
            }
        }
    }

    /**
     * Parses {@code ek} with the FIPS 203 §7.2 checks: length first (cheap), then the modulus check done by Bouncy
     * Castle's {@code MLKEMPublicKeyParameters} constructor.
     *
     * @throws InvalidKeyShareException if a check fails
     */
    static MLKEMPublicKeyParameters checkedEncapsulationKey(byte[] ek) {
        if (ek.length != EK_LENGTH) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                    "ML-KEM-768 encapsulation key must be " + EK_LENGTH + " bytes, got " + ek.length);
        }
        try {
            return new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek);
        } catch (IllegalArgumentException e) {
            // BC: "Modulus check failed for ML-KEM public key" (the length was checked above)
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED,
                    "ML-KEM-768 encapsulation key fails the FIPS 203 modulus check");
        }
    }

    /**
     * The shared secret carried by {@code ct}. A tampered 1088-byte ciphertext yields a different pseudo-random
     * secret (implicit rejection), not an exception, so the failure shows later as a Finished mismatch, in the same
     * way and with the same timing as a wrong MAC (SR-05).
     *
     * @param keyPair our key pair
     * @param ct the peer's ciphertext
     * @return the 32-byte shared secret (the caller owns and wipes it)
     * @throws InvalidKeyShareException {@code WRONG_LENGTH} if {@code ct} is not 1088 bytes
     * @throws IllegalStateException if the key pair was destroyed
     */
    public static byte[] decapsulate(KeyPair keyPair, byte[] ct) {
        if (ct.length != CT_LENGTH) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                    "ML-KEM-768 ciphertext must be " + CT_LENGTH + " bytes, got " + ct.length);
        }
        return new MLKEMExtractor(keyPair.privateKey()).extractSecret(ct);
    }
}
