package io.jetstreamproto.crypto.internal.kem;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * The X25519MLKEM768 hybrid key exchange, laid out exactly as draft-ietf-tls-ecdhe-mlkem (SR-07), ML-KEM first
 * everywhere:
 * <ul>
 *   <li>client share = {@code ek (1184) || X25519 public key (32)} = 1216 bytes;</li>
 *   <li>server share = {@code ML-KEM ciphertext (1088) || X25519 public key (32)} = 1120 bytes;</li>
 *   <li>shared secret = {@code ss_mlkem (32) || ss_x25519 (32)} = 64 bytes, the (EC)DHE input of the key schedule.</li>
 * </ul>
 * The concatenation is only a safe combiner because the key schedule binds every derived key to a transcript hash
 * that contains both shares (security.md 1.1); that binding is the handshake's job.
 *
 * <p>Mandatory checks, all raising {@link InvalidKeyShareException}: exact share lengths, the FIPS 203 §7.2 check of
 * the client's ek, the ciphertext length, and the all-zero X25519 result on both sides.
 */
public final class HybridKeyShare {
    /** Client share length: ek || X25519 public key. */
    public static final int CLIENT_SHARE_LENGTH = MlKem768.EK_LENGTH + X25519.KEY_LENGTH;
    /** Server share length: ML-KEM ciphertext || X25519 public key. */
    public static final int SERVER_SHARE_LENGTH = MlKem768.CT_LENGTH + X25519.KEY_LENGTH;
    /** Shared secret length: ss_mlkem || ss_x25519. */
    public static final int SECRET_LENGTH = MlKem768.SS_LENGTH + X25519.KEY_LENGTH;

    private HybridKeyShare() {}

    /**
     * The client's ephemeral keys and its encoded share. Destroy it as soon as the secret is derived: forward
     * secrecy depends on these keys being gone. Not thread-safe.
     */
    public static final class ClientKeyShare implements Destroyable {
        private final MlKem768.KeyPair mlKem;
        private final byte[] x25519Private;
        private final byte[] encoded;
        private boolean destroyed;

        ClientKeyShare(MlKem768.KeyPair mlKem, byte[] x25519Private) {
            this.mlKem = mlKem;
            this.x25519Private = x25519Private;
            byte[] ek = mlKem.encapsulationKey();
            this.encoded = Arrays.copyOf(ek, CLIENT_SHARE_LENGTH);
            System.arraycopy(X25519.publicKey(x25519Private), 0, encoded, ek.length, X25519.KEY_LENGTH);
        }

        /**
         * The share to send: {@code ek || x25519_public}.
         *
         * @return a copy of the 1216-byte client share
         */
        public byte[] encoded() {
            return encoded.clone();
        }

        /**
         * Derives {@code ss_mlkem || ss_x25519} from the server's share {@code ct || x25519_public}. Cheap checks
         * first: the length, then the X25519 all-zero check, then ML-KEM decapsulation (a tampered ciphertext is not
         * detected here: it gives a different secret and the handshake fails at Finished, SR-05). Intermediate
         * secrets are wiped.
         *
         * @param serverShare the server's 1120-byte share
         * @return the 64-byte shared secret (the caller owns and wipes it)
         * @throws InvalidKeyShareException {@code WRONG_LENGTH} or {@code X25519_ZERO_SHARED_SECRET}
         * @throws IllegalStateException if destroyed
         */
        public byte[] deriveSecret(byte[] serverShare) {
            if (destroyed) {
                throw new IllegalStateException("client key share destroyed");
            }
            if (serverShare.length != SERVER_SHARE_LENGTH) {
                throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                        "server key share must be " + SERVER_SHARE_LENGTH + " bytes, got " + serverShare.length);
            }
            byte[] ct = Arrays.copyOfRange(serverShare, 0, MlKem768.CT_LENGTH);
            byte[] serverX = Arrays.copyOfRange(serverShare, MlKem768.CT_LENGTH, SERVER_SHARE_LENGTH);
            byte[] ssX = X25519.agree(x25519Private, serverX);
            byte[] ssM = null;
            try {
                ssM = MlKem768.decapsulate(mlKem, ct);
                return concat(ssM, ssX); // ML-KEM first (SP 800-56Cr2: the approved scheme's secret leads)
            } finally {
                Secrets.wipe(ssM, ssX);
            }
        }

        /** Wipes the X25519 private key and the ML-KEM decapsulation key. Idempotent. */
        @Override
        public void destroy() {
            destroyed = true;
            Secrets.wipe(x25519Private);
            mlKem.destroy();
        }

        /** Whether {@link #destroy()} was called. */
        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        /** Never shows key material. */
        @Override
        public String toString() {
            return "ClientKeyShare[private keys redacted" + (destroyed ? ", destroyed" : "") + "]";
        }
    }

    /** The server's answer: its encoded share and the shared secret. Not thread-safe. */
    public static final class ServerKeyShare implements Destroyable {
        private final byte[] encoded;
        private final byte[] secret;
        private boolean destroyed;

        ServerKeyShare(byte[] encoded, byte[] secret) {
            this.encoded = encoded;
            this.secret = secret;
        }

        /**
         * The share to send: {@code ct || x25519_public}.
         *
         * @return a copy of the 1120-byte server share
         */
        public byte[] encoded() {
            return encoded.clone();
        }

        /**
         * The shared secret, borrowed (not copied): do not keep, modify or log it; {@link #destroy()} wipes it.
         *
         * @return the 64-byte {@code ss_mlkem || ss_x25519}
         * @throws IllegalStateException if destroyed
         */
        public byte[] secret() {
            if (destroyed) {
                throw new IllegalStateException("server key share destroyed");
            }
            return secret;
        }

        /** Wipes the shared secret. Idempotent. */
        @Override
        public void destroy() {
            destroyed = true;
            Secrets.wipe(secret);
        }

        /** Whether {@link #destroy()} was called. */
        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "ServerKeyShare[secret redacted" + (destroyed ? ", destroyed" : "") + "]";
        }
    }

    /**
     * Fresh client ephemerals. Randomness drawn, in this order (published test vectors depend on it): the ML-KEM
     * seed {@code d || z} (64 bytes), then the X25519 private key (32 bytes).
     *
     * @param random the randomness source
     * @return the client's keys and share
     */
    public static ClientKeyShare generate(RandomSource random) {
        MlKem768.KeyPair kp = MlKem768.generateKeyPair(random);
        return new ClientKeyShare(kp, X25519.generatePrivateKey(random));
    }

    /**
     * Answers a client share. Cheap checks before expensive work (security.md 2.7): exact length, then the FIPS 203
     * §7.2 check of ek (about 10 µs), then X25519 with its all-zero check, then ML-KEM encapsulation. Randomness
     * drawn, in this order, only once ek has passed: ML-KEM's {@code m} (32 bytes), then the X25519 private key (32).
     *
     * @param clientShare the client's 1216-byte share
     * @param random the randomness source
     * @return the server's share and the shared secret (destroy it when the key schedule has used the secret)
     * @throws InvalidKeyShareException {@code WRONG_LENGTH}, {@code MLKEM_KEY_NOT_REDUCED} or
     *     {@code X25519_ZERO_SHARED_SECRET}
     */
    public static ServerKeyShare respond(byte[] clientShare, RandomSource random) {
        if (clientShare.length != CLIENT_SHARE_LENGTH) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                    "client key share must be " + CLIENT_SHARE_LENGTH + " bytes, got " + clientShare.length);
        }
        byte[] ek = Arrays.copyOfRange(clientShare, 0, MlKem768.EK_LENGTH);
        byte[] clientX = Arrays.copyOfRange(clientShare, MlKem768.EK_LENGTH, CLIENT_SHARE_LENGTH);
        MLKEMPublicKeyParameters pk = MlKem768.checkedEncapsulationKey(ek); // parsed once, before anything costly
        byte[] m = random.nextBytes(MlKem768.M_LENGTH);
        byte[] xPrivate = X25519.generatePrivateKey(random);
        byte[] ssX = null;
        MlKem768.Encapsulation enc = null;
        try {
            ssX = X25519.agree(xPrivate, clientX);
            enc = MlKem768.encapsulateChecked(pk, m);
            byte[] share = concat(enc.ciphertext(), X25519.publicKey(xPrivate));
            return new ServerKeyShare(share, concat(enc.sharedSecret(), ssX)); // ML-KEM first
        } finally {
            Secrets.wipe(m, xPrivate, ssX);
            if (enc != null) {
                enc.destroy();
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
