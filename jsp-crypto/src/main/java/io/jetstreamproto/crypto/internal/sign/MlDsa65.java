package io.jetstreamproto.crypto.internal.sign;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.Secrets;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * Pure ML-DSA-65 (FIPS 204) with the empty context string, for hybrid server authentication (SR-12): domain
 * separation is in the signed prefix instead, and the JDK's ML-DSA (Java 24+) can set no context, so empty-context
 * signatures interoperate with it. Bouncy Castle 1.87's lightweight {@code MLDSASigner}; keys are generated from a
 * 32-byte seed (ML-DSA.KeyGen_internal), which is also their storage form.
 */
public final class MlDsa65 {
    /** Public key length. */
    public static final int PUBLIC_KEY_LENGTH = 1952;
    /** Signature length. */
    public static final int SIGNATURE_LENGTH = 3309;
    /** Private key seed length ({@code xi} of FIPS 204). */
    public static final int SEED_LENGTH = 32;

    private MlDsa65() {}

    /**
     * A signing key (kept as its seed plus the expanded form) and its public key. {@link #destroy()} wipes the
     * private part; do not destroy it while another thread signs with it.
     */
    public static final class KeyPair implements Destroyable {
        private final MLDSAPrivateKeyParameters privateKey;
        private final byte[] publicKey;

        private KeyPair(MLDSAPrivateKeyParameters privateKey) {
            this.privateKey = privateKey;
            this.publicKey = privateKey.getPublicKey();
        }

        /**
         * Rebuilds a key pair from its stored 32-byte seed (ML-DSA.KeyGen_internal).
         *
         * @param seed the seed (copied; the caller still owns and wipes it)
         * @return the key pair
         * @throws IllegalArgumentException if the seed is not 32 bytes
         */
        public static KeyPair fromSeed(byte[] seed) {
            if (seed.length != SEED_LENGTH) {
                throw new IllegalArgumentException("ML-DSA-65 seed must be 32 bytes, got " + seed.length);
            }
            return new KeyPair(new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone()));
        }

        /**
         * The public key, to pin on clients.
         *
         * @return a copy of the 1952-byte public key
         */
        public byte[] publicKey() {
            return publicKey.clone();
        }

        /**
         * The seed, for storage: {@link #fromSeed} restores the same key pair.
         *
         * @return a copy of the 32-byte seed (the caller wipes it)
         * @throws IllegalStateException if destroyed
         */
        public byte[] seed() {
            return privateKey().getSeed();
        }

        /** The private key, for signing. */
        MLDSAPrivateKeyParameters privateKey() {
            if (privateKey.isDestroyed()) {
                throw new IllegalStateException("ML-DSA key destroyed");
            }
            return privateKey;
        }

        /** Wipes the private key and seed. Idempotent. */
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
            return "MlDsa65.KeyPair[private key redacted" + (isDestroyed() ? ", destroyed" : "") + "]";
        }
    }

    /**
     * A new key pair from a 32-byte seed drawn from {@code random}.
     *
     * @param random the randomness source
     * @return the key pair
     */
    public static KeyPair generateKeyPair(RandomSource random) {
        byte[] seed = random.nextBytes(SEED_LENGTH);
        try {
            return KeyPair.fromSeed(seed);
        } finally {
            Secrets.wipe(seed);
        }
    }

    /**
     * A hedged signature (FIPS 204's default: 32 bytes of fresh randomness from {@code random} mixed into the nonce)
     * with the empty context.
     *
     * @param keyPair the signing key
     * @param message the message
     * @param random the randomness source (a deterministic one gives reproducible signatures)
     * @return the 3309-byte signature
     * @throws IllegalStateException if the key pair was destroyed
     */
    public static byte[] sign(KeyPair keyPair, byte[] message, RandomSource random) {
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, new ParametersWithRandom(keyPair.privateKey(), random.asSecureRandom()));
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("ML-DSA-65 signing failed", e);
        }
    }

    /**
     * Whether {@code signature} is a valid empty-context ML-DSA-65 signature of {@code message} by
     * {@code publicKey}. Wrong lengths are rejected before any computation; malformed input is an invalid signature,
     * never an exception.
     *
     * @param publicKey the signer's 1952-byte public key
     * @param message the message
     * @param signature the 3309-byte signature
     * @return true only for a valid signature
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null || publicKey.length != PUBLIC_KEY_LENGTH
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
