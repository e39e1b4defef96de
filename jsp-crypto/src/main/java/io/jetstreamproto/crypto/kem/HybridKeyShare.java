package io.jetstreamproto.crypto.kem;

import io.jetstreamproto.crypto.util.RandomSource;
import io.jetstreamproto.crypto.util.Secrets;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The X25519MLKEM768 hybrid key exchange, laid out exactly as draft-ietf-tls-ecdhe-mlkem (SR-07): client share
 * {@code ek(1184) || x25519(32)}, server share {@code ct(1088) || x25519(32)}, shared secret
 * {@code ss_mlkem(32) || ss_x25519(32)} — ML-KEM first in all three.
 */
public final class HybridKeyShare {
    public static final int CLIENT_SHARE_LENGTH = MlKem768.EK_LENGTH + X25519.KEY_LENGTH;
    public static final int SERVER_SHARE_LENGTH = MlKem768.CT_LENGTH + X25519.KEY_LENGTH;
    public static final int SECRET_LENGTH = MlKem768.SS_LENGTH + X25519.KEY_LENGTH;

    private HybridKeyShare() {}

    /** The client's ephemeral keys. Single use: {@link #deriveSecret} may be called once. */
    public static final class ClientKeyShare implements Destroyable {
        private final MlKem768.KeyPair mlKem;
        private final byte[] x25519Private;
        private final byte[] encoded;
        private boolean destroyed;

        ClientKeyShare(MlKem768.KeyPair mlKem, byte[] x25519Private) {
            this.mlKem = mlKem;
            this.x25519Private = x25519Private;
            byte[] ek = mlKem.encapsulationKey();
            byte[] x = X25519.publicKey(x25519Private);
            this.encoded = Arrays.copyOf(ek, CLIENT_SHARE_LENGTH);
            System.arraycopy(x, 0, encoded, ek.length, x.length);
        }

        /** {@code ek || x25519_public}. */
        public byte[] encoded() {
            return encoded.clone();
        }

        /**
         * {@code ss_mlkem || ss_x25519} from the server's share (the caller owns and wipes the result).
         *
         * @throws InvalidKeyShareException for a wrong length or an all-zero X25519 secret
         */
        public byte[] deriveSecret(byte[] serverShare) {
            if (destroyed) {
                throw new IllegalStateException("client key share destroyed");
            }
            if (serverShare.length != SERVER_SHARE_LENGTH) {
                throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                        "server share must be " + SERVER_SHARE_LENGTH + " bytes, got " + serverShare.length);
            }
            byte[] ct = Arrays.copyOfRange(serverShare, 0, MlKem768.CT_LENGTH);
            byte[] x = Arrays.copyOfRange(serverShare, MlKem768.CT_LENGTH, SERVER_SHARE_LENGTH);
            byte[] ssX = X25519.agree(x25519Private, x);
            byte[] ssM = MlKem768.decapsulate(mlKem, ct);
            byte[] out = concat(ssM, ssX);
            Secrets.wipe(ssM, ssX);
            return out;
        }

        @Override
        public void destroy() {
            destroyed = true;
            Secrets.wipe(x25519Private);
            mlKem.destroy();
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        @Override
        public String toString() {
            return "ClientKeyShare[private keys redacted" + (destroyed ? ", destroyed" : "") + "]";
        }
    }

    /** The server's answer: its share and the shared secret. */
    public static final class ServerKeyShare implements Destroyable {
        private final byte[] encoded;
        private final byte[] secret;
        private boolean destroyed;

        ServerKeyShare(byte[] encoded, byte[] secret) {
            this.encoded = encoded;
            this.secret = secret;
        }

        /** {@code ct || x25519_public}. */
        public byte[] encoded() {
            return encoded.clone();
        }

        /** {@code ss_mlkem || ss_x25519} (borrowed: do not keep or log). */
        public byte[] secret() {
            if (destroyed) {
                throw new IllegalStateException("server key share destroyed");
            }
            return secret;
        }

        @Override
        public void destroy() {
            destroyed = true;
            Secrets.wipe(secret);
        }

        @Override
        public boolean isDestroyed() {
            return destroyed;
        }

        @Override
        public String toString() {
            return "ServerKeyShare[secret redacted" + (destroyed ? ", destroyed" : "") + "]";
        }
    }

    /** Fresh client ephemerals: ML-KEM seed (64 random bytes) first, then the X25519 private key (32). */
    public static ClientKeyShare generate(RandomSource random) {
        MlKem768.KeyPair kp = MlKem768.generateKeyPair(random);
        return new ClientKeyShare(kp, X25519.generatePrivateKey(random));
    }

    /**
     * Answers a client share. Cheap checks first: exact length, then the ML-KEM key's modulus check, then X25519,
     * then encapsulation. Randomness drawn: ML-KEM m (32 bytes), then the X25519 private key (32).
     *
     * @throws InvalidKeyShareException if the share is malformed, the key not reduced, or X25519 gives zero
     */
    public static ServerKeyShare respond(byte[] clientShare, RandomSource random) {
        if (clientShare.length != CLIENT_SHARE_LENGTH) {
            throw new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                    "client share must be " + CLIENT_SHARE_LENGTH + " bytes, got " + clientShare.length);
        }
        byte[] ek = Arrays.copyOfRange(clientShare, 0, MlKem768.EK_LENGTH);
        byte[] clientX = Arrays.copyOfRange(clientShare, MlKem768.EK_LENGTH, CLIENT_SHARE_LENGTH);
        MlKem768.checkedEncapsulationKey(ek); // fail before any expensive work
        byte[] m = random.nextBytes(32);
        byte[] xPrivate = X25519.generatePrivateKey(random);
        byte[] ssX = null;
        MlKem768.Encapsulation enc = null;
        try {
            ssX = X25519.agree(xPrivate, clientX);
            enc = MlKem768.encapsulateDeterministic(ek, m);
            byte[] share = concat(enc.ciphertext(), X25519.publicKey(xPrivate));
            return new ServerKeyShare(share, concat(enc.sharedSecret(), ssX));
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
