package io.jetstreamproto.crypto.kem;

import io.jetstreamproto.crypto.util.RandomSource;
import io.jetstreamproto.crypto.util.Secrets;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * ML-KEM-768 (FIPS 203) — what "Kyber768" means in JetStreamProto (SR-01). Bouncy Castle 1.87's lightweight API with
 * the randomness drawn from a {@link RandomSource}, so that tests are deterministic.
 */
public final class MlKem768 {
    public static final int EK_LENGTH = 1184;
    public static final int CT_LENGTH = 1088;
    public static final int SS_LENGTH = 32;
    public static final int SEED_LENGTH = 64;

    private MlKem768() {}

    /** A decapsulation key and its encapsulation key. {@link #destroy()} wipes the private part. */
    public static final class KeyPair implements Destroyable {
        private final MLKEMPrivateKeyParameters privateKey;
        private final byte[] encapsulationKey;

        private KeyPair(MLKEMPrivateKeyParameters privateKey) {
            this.privateKey = privateKey;
            this.encapsulationKey = privateKey.getPublicKey();
        }

        /** The 1184-byte encapsulation key (public). */
        public byte[] encapsulationKey() {
            return encapsulationKey.clone();
        }

        MLKEMPrivateKeyParameters privateKey() {
            if (privateKey.isDestroyed()) {
                throw new IllegalStateException("ML-KEM key destroyed");
            }
            return privateKey;
        }

        @Override
        public void destroy() {
            privateKey.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return privateKey.isDestroyed();
        }

        @Override
        public String toString() {
            return "MlKem768.KeyPair[private key redacted]";
        }
    }

    /** A shared secret and the ciphertext that carries it. */
    public static final class Encapsulation implements Destroyable {
        private final byte[] ciphertext;
        private final byte[] sharedSecret;
        private boolean destroyed;

        Encapsulation(byte[] ciphertext, byte[] sharedSecret) {
            this.ciphertext = ciphertext;
            this.sharedSecret = sharedSecret;
        }

        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        /** The 32-byte shared secret (borrowed: do not keep or log). */
        public byte[] sharedSecret() {
            return sharedSecret;
        }

        @Override
        public void destroy() {
            destroyed = true;
            Secrets.wipe(sharedSecret);
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }
    }

    /** A key pair from 64 random bytes (d || z). */
    public static KeyPair generateKeyPair(RandomSource random) {
        byte[] seed = random.nextBytes(SEED_LENGTH);
        try {
            return keyPairFromSeed(seed);
        } finally {
            Secrets.wipe(seed);
        }
    }

    /** The deterministic key generation ML-KEM.KeyGen_internal(d, z) from {@code seed} = d || z. */
    public static KeyPair keyPairFromSeed(byte[] seed) {
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("ML-KEM seed must be 64 bytes");
        }
        return new KeyPair(new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed.clone()));
    }

    /**
     * Encapsulates to {@code ek}. The FIPS 203 §7.2 input check (length, then modulus) runs before anything else.
     *
     * @throws InvalidKeyShareException if {@code ek} fails the check
     */
    public static Encapsulation encapsulate(byte[] ek, RandomSource random) {
        byte[] m = random.nextBytes(32);
        try {
            return encapsulateDeterministic(ek, m);
        } finally {
            Secrets.wipe(m);
        }
    }

    /** ML-KEM.Encaps_internal(ek, m) with explicit randomness {@code m} (32 bytes), for known-answer tests. */
    public static Encapsulation encapsulateDeterministic(byte[] ek, byte[] m) {
        MLKEMPublicKeyParameters pk = checkedEncapsulationKey(ek);
        SecretWithEncapsulation swe = MLKEMGenerator.internalGenerateEncapsulated(pk, m.clone());
        try {
            return new Encapsulation(swe.getEncapsulation(), swe.getSecret());
        } finally {
            try {
                swe.destroy();
            } catch (javax.security.auth.DestroyFailedException e) {
                // BC copies the secret on getSecret(); nothing else to wipe
            }
        }
    }

    /** Parses {@code ek} with the FIPS 203 §7.2 checks. */
    static MLKEMPublicKeyParameters checkedEncapsulationKey(byte[] ek) {
        if (ek.length != EK_LENGTH) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                    "ML-KEM-768 encapsulation key must be " + EK_LENGTH + " bytes, got " + ek.length);
        }
        try {
            return new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED,
                    "ML-KEM-768 encapsulation key fails the modulus check");
        }
    }

    /**
     * The shared secret carried by {@code ct}. A tampered 1088-byte ciphertext yields a different pseudo-random
     * secret (implicit rejection), so the failure shows later as a Finished mismatch.
     *
     * @throws InvalidKeyShareException if {@code ct} is not 1088 bytes
     */
    public static byte[] decapsulate(KeyPair keyPair, byte[] ct) {
        if (ct.length != CT_LENGTH) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                    "ML-KEM-768 ciphertext must be " + CT_LENGTH + " bytes, got " + ct.length);
        }
        return new MLKEMExtractor(keyPair.privateKey()).extractSecret(ct);
    }
}
