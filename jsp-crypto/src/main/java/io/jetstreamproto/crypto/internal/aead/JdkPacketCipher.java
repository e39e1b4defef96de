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
 * ChaCha20-Poly1305 has vector intrinsics from Java 20 on. One {@code Cipher} object per instance, re-initialised
 * for every packet.
 */
final class JdkPacketCipher extends AbstractPacketCipher {
    private final Cipher cipher;
    private final String keyAlgorithm;
    private final SecretKeySpec keySpec;

    JdkPacketCipher(CipherSuite suite, byte[] key) {
        super(suite, key);
        try {
            if (suite == CipherSuite.CHACHA20_POLY1305_SHA256) {
                cipher = Cipher.getInstance("ChaCha20-Poly1305");
                keyAlgorithm = "ChaCha20";
            } else {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                keyAlgorithm = "AES";
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK does not provide " + suite.displayName(), e);
        }
        // SecretKeySpec keeps its own copy of the key, which Java 17 offers no way to wipe (best effort, see destroy).
        keySpec = new SecretKeySpec(this.key, keyAlgorithm);
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
            cipher.init(Cipher.ENCRYPT_MODE, keySpec, params(nonce));
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
        try {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(new byte[32], keyAlgorithm), params(new byte[12]));
        } catch (GeneralSecurityException | RuntimeException e) {
            // best effort; the cipher is unusable after destroy() anyway
        }
    }
}
