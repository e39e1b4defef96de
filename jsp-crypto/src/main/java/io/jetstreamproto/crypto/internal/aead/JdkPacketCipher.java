package io.jetstreamproto.crypto.internal.aead;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link PacketCipher} over the JDK's {@code Cipher}: "ChaCha20-Poly1305" (SunJCE, Java 11+) or "AES/GCM/NoPadding"
 * with a 128-bit tag. The default implementation, because the JDK's AES-GCM uses AES-NI/CLMUL intrinsics and its
 * ChaCha20-Poly1305 has vector intrinsics from Java 20 on. One {@code Cipher} object per key, created at the first
 * seal or open, then re-initialised for every packet with the next nonce.
 *
 * <p>What a re-init costs (SunJCE, Java 17 and 25): not the key schedule (AESCrypt keeps the expanded key while the
 * key bytes stay the same), but a new GCM engine with its GHASH and counter state, and copies of key and IV: about
 * 1.1 KB allocated per AES-GCM operation and 3-5 KB per ChaCha20-Poly1305 operation on Java 17 (docs/BENCHMARKS.md,
 * "Packet path"). The JCA offers no way to change only the nonce: GCM refuses a second encryption under one IV, so
 * that re-initialising is the only legal way to the next packet.
 */
final class JdkPacketCipher extends AbstractPacketCipher {
    private final String keyAlgorithm;
    /** Created on first use (see {@link AbstractPacketCipher}). */
    private Cipher cipher;
    private SecretKeySpec keySpec;

    JdkPacketCipher(CipherSuite suite, byte[] key) {
        super(suite, key);
        keyAlgorithm = suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? "ChaCha20" : "AES";
        if (!isAvailable(suite)) {
            throw new IllegalStateException("this JDK does not provide " + suite.displayName());
        }
    }

    private static final boolean CHACHA_AVAILABLE = probe("ChaCha20-Poly1305");
    private static final boolean AES_GCM_AVAILABLE = probe("AES/GCM/NoPadding");

    private static boolean probe(String transformation) {
        try {
            Cipher.getInstance(transformation);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static boolean isAvailable(CipherSuite suite) {
        return suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? CHACHA_AVAILABLE : AES_GCM_AVAILABLE;
    }

    private Cipher cipher() throws GeneralSecurityException {
        if (cipher == null) {
            cipher = Cipher.getInstance(suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? "ChaCha20-Poly1305"
                    : "AES/GCM/NoPadding");
            // SecretKeySpec keeps its own copy of the key, which Java 17 offers no way to wipe (see destroy).
            keySpec = new SecretKeySpec(this.key, keyAlgorithm);
        }
        return cipher;
    }

    @Override
    protected boolean efficientInPlace() {
        return true; // SunJCE handles in == out at the same offset itself
    }

    private AlgorithmParameterSpec params(byte[] nonce) {
        return suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? new IvParameterSpec(nonce)
                : new GCMParameterSpec(TAG_LENGTH * 8, nonce);
    }

    private void initDecrypt(byte[] nonce) throws GeneralSecurityException {
        cipher();
        try {
            cipher.init(Cipher.DECRYPT_MODE, keySpec, params(nonce));
        } catch (InvalidKeyException e) {
            // JDK 17's ChaCha20-Poly1305 applies its "no nonce reuse" rule to DECRYPT_MODE as well (security.md 3.6;
            // fixed in later JDKs): a re-init with the key and nonce of the previous init throws "Matching key and
            // nonce from previous initialization". That happens legitimately: a duplicate of the last packet, the
            // genuine packet after a forged one with the same packet number, or opening what this object just
            // sealed. Decrypting twice under one nonce reveals nothing, so step through a different nonce (which
            // makes the JDK forget the previous one) and re-initialise. A failure of the retry propagates.
            byte[] other = nonce.clone();
            other[0] ^= 1;
            cipher.init(Cipher.DECRYPT_MODE, keySpec, params(other));
            cipher.init(Cipher.DECRYPT_MODE, keySpec, params(nonce));
        }
    }

    @Override
    protected int sealArrays(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        try {
            // Encrypting twice in a row with one key and nonce is refused by SunJCE (InvalidKeyException for
            // ChaCha20-Poly1305, InvalidAlgorithmParameterException for GCM): deliberately not worked around.
            cipher().init(Cipher.ENCRYPT_MODE, keySpec, params(nonce));
            if (aadLen > 0) {
                cipher.updateAAD(aad, aadOff, aadLen);
            }
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.displayName() + " seal failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    protected int openArrays(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        try {
            initDecrypt(nonce);
            if (aadLen > 0) {
                cipher.updateAAD(aad, aadOff, aadLen);
            }
            return cipher.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            return -1; // the common case for forged or corrupted packets
        } catch (GeneralSecurityException e) {
            return -1; // any other refusal still means "not authentic"; never an exception on the receive path
        }
    }

    @Override
    protected void clearCipherState() {
        // Replace the provider's internal copy of the key by re-initialising with an all-zero key.
        if (cipher == null) {
            return; // never used: no copy of the key outside this object
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], keyAlgorithm), params(new byte[12]));
        } catch (GeneralSecurityException | RuntimeException e) {
            // best effort; the cipher is unusable after destroy() anyway
        }
    }
}
