package io.jetstreamproto.crypto.sign;

import io.jetstreamproto.crypto.util.RandomSource;
import io.jetstreamproto.crypto.util.Secrets;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/** Pure ML-DSA-65 (FIPS 204) with the empty context string, for hybrid server authentication (SR-12). */
public final class MlDsa65 {
    public static final int PUBLIC_KEY_LENGTH = 1952;
    public static final int SIGNATURE_LENGTH = 3309;
    public static final int SEED_LENGTH = 32;

    private MlDsa65() {}

    /** A signing key kept as its 32-byte seed plus the expanded form. */
    public static final class KeyPair implements Destroyable {
        private final MLDSAPrivateKeyParameters privateKey;
        private final byte[] publicKey;

        private KeyPair(MLDSAPrivateKeyParameters privateKey) {
            this.privateKey = privateKey;
            this.publicKey = privateKey.getPublicKey();
        }

        /** Rebuilds the key pair from its 32-byte seed (ML-DSA.KeyGen_internal). */
        public static KeyPair fromSeed(byte[] seed) {
            if (seed.length != SEED_LENGTH) {
                throw new IllegalArgumentException("ML-DSA-65 seed must be 32 bytes");
            }
            return new KeyPair(new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone()));
        }

        /** The 1952-byte public key. */
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /** A copy of the seed, for storage (the caller wipes it). */
        public byte[] seed() {
            return privateKey.getSeed();
        }

        MLDSAPrivateKeyParameters privateKey() {
            if (privateKey.isDestroyed()) {
                throw new IllegalStateException("ML-DSA key destroyed");
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
            return "MlDsa65.KeyPair[private key redacted]";
        }
    }

    public static KeyPair generateKeyPair(RandomSource random) {
        byte[] seed = random.nextBytes(SEED_LENGTH);
        try {
            return KeyPair.fromSeed(seed);
        } finally {
            Secrets.wipe(seed);
        }
    }

    /** A hedged signature (randomness from {@code random}) with the empty context. */
    public static byte[] sign(KeyPair keyPair, byte[] message, RandomSource random) {
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, new ParametersWithRandom(keyPair.privateKey(), random.asSecureRandom()));
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new IllegalStateException("ML-DSA-65 signing failed", e);
        }
    }

    /** Whether {@code signature} verifies with the empty context; false on wrong lengths or malformed input. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || signature == null || publicKey.length != PUBLIC_KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            MLDSASigner verifier = new MLDSASigner();
            verifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, publicKey));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
