package io.jetstreamproto.crypto.internal.protection;

import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.kdf.Hkdf;
import io.jetstreamproto.crypto.internal.util.Secrets;
import javax.security.auth.Destroyable;

/**
 * A traffic secret for one direction and its cipher suite. Keys and IVs are derived from it with
 * {@code Expand-Label(secret, "key"|"iv", "", n)}; the next key phase with {@code Expand-Label(secret, "ku", "", 32)}
 * (docs/PROTOCOL.md §4). Owns its bytes: {@link #destroy()} zeroes them.
 */
public final class TrafficSecret implements Destroyable {
    /** Length of every traffic secret (SHA-256 output). */
    public static final int LENGTH = 32;

    private final CipherSuite suite;
    private final byte[] secret;
    private boolean destroyed;

    /** Takes ownership of {@code secret}. */
    public TrafficSecret(CipherSuite suite, byte[] secret) {
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("traffic secret must be " + LENGTH + " bytes");
        }
        this.suite = suite;
        this.secret = secret;
    }

    public CipherSuite suite() {
        return suite;
    }

    /** The secret of the next key phase; this one stays valid. */
    public TrafficSecret next() {
        check();
        return new TrafficSecret(suite, Hkdf.expandLabel(secret, "ku", new byte[0], LENGTH));
    }

    /** Derives the packet key and IV of this secret. */
    public PacketKey packetKey(AeadImplementation implementation) {
        check();
        byte[] key = Hkdf.expandLabel(secret, "key", new byte[0], suite.keyLength());
        byte[] iv = Hkdf.expandLabel(secret, "iv", new byte[0], suite.ivLength());
        try {
            return new PacketKey(implementation.newCipher(suite, key), iv);
        } finally {
            Secrets.wipe(key);
        }
    }

    /** Raw bytes for key-schedule derivations inside this module. The caller must not keep or log them. */
    byte[] bytesForDerivation() {
        check();
        return secret;
    }

    /** A copy of the secret bytes, for test vectors and the exporter; the caller must wipe it. */
    public byte[] copyBytesForTesting() {
        check();
        return secret.clone();
    }

    private void check() {
        if (destroyed) {
            throw new IllegalStateException("traffic secret destroyed");
        }
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
        return "TrafficSecret[" + suite.displayName() + ", redacted" + (destroyed ? ", destroyed" : "") + "]";
    }
}
