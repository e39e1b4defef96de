package io.jetstreamproto.crypto.aead;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** {@link PacketCipher} over the JDK's {@code Cipher} ("ChaCha20-Poly1305" or "AES/GCM/NoPadding"). */
final class JdkPacketCipher extends AbstractPacketCipher {
    private final Cipher cipher;
    private final SecretKeySpec keySpec;

    JdkPacketCipher(CipherSuite suite, byte[] key) {
        super(suite, key);
        try {
            if (suite == CipherSuite.CHACHA20_POLY1305_SHA256) {
                cipher = Cipher.getInstance("ChaCha20-Poly1305");
                keySpec = new SecretKeySpec(this.key, "ChaCha20");
            } else {
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                keySpec = new SecretKeySpec(this.key, "AES");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK does not provide " + suite.displayName(), e);
        }
    }

    private byte[] scratch = new byte[2048];

    private byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    private AlgorithmParameterSpec params(byte[] nonce) {
        return suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? new IvParameterSpec(nonce)
                : new GCMParameterSpec(TAG_LENGTH * 8, nonce);
    }

    private void init(int mode, byte[] nonce) throws GeneralSecurityException {
        try {
            cipher.init(mode, keySpec, params(nonce));
        } catch (InvalidKeyException e) {
            if (mode != Cipher.DECRYPT_MODE) {
                throw e;
            }
            // JDK 17's ChaCha20-Poly1305 refuses a decrypt re-init with the key and nonce of the previous init
            // (e.g. the genuine packet after a forged one with the same packet number). Re-initialising with a
            // different nonce first clears that state; decryption with a repeated nonce is harmless.
            byte[] other = nonce.clone();
            other[11] ^= 1;
            cipher.init(mode, keySpec, params(other));
            cipher.init(mode, keySpec, params(nonce));
        }
    }

    @Override
    public void seal(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int plaintextOffset,
            int plaintextLength) {
        check(nonce);
        checkRange(buf, aadOffset, aadLength);
        checkRange(buf, plaintextOffset, plaintextLength + TAG_LENGTH);
        try {
            init(Cipher.ENCRYPT_MODE, nonce);
            if (buf.hasArray()) {
                byte[] a = buf.array();
                int base = buf.arrayOffset();
                cipher.updateAAD(a, base + aadOffset, aadLength);
                cipher.doFinal(a, base + plaintextOffset, plaintextLength, a, base + plaintextOffset);
            } else {
                // Direct memory: go through a scratch array. In-place ByteBuffer operation is not safe with every
                // JDK provider (JDK 17's ChaCha20-Poly1305 computed a wrong tag for overlapping buffers here).
                byte[] s = scratch(aadLength + plaintextLength + TAG_LENGTH);
                buf.getBytes(aadOffset, s, 0, aadLength);
                buf.getBytes(plaintextOffset, s, aadLength, plaintextLength);
                cipher.updateAAD(s, 0, aadLength);
                int n = cipher.doFinal(s, aadLength, plaintextLength, s, aadLength);
                buf.setBytes(plaintextOffset, s, aadLength, n);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed", e);
        }
    }

    @Override
    public int open(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int ciphertextOffset,
            int ciphertextLength) {
        check(nonce);
        if (ciphertextLength < TAG_LENGTH) {
            return -1;
        }
        checkRange(buf, aadOffset, aadLength);
        checkRange(buf, ciphertextOffset, ciphertextLength);
        try {
            init(Cipher.DECRYPT_MODE, nonce);
            if (buf.hasArray()) {
                byte[] a = buf.array();
                int base = buf.arrayOffset();
                cipher.updateAAD(a, base + aadOffset, aadLength);
                return cipher.doFinal(a, base + ciphertextOffset, ciphertextLength, a, base + ciphertextOffset);
            }
            byte[] s = scratch(aadLength + ciphertextLength);
            buf.getBytes(aadOffset, s, 0, aadLength);
            buf.getBytes(ciphertextOffset, s, aadLength, ciphertextLength);
            cipher.updateAAD(s, 0, aadLength);
            int n = cipher.doFinal(s, aadLength, ciphertextLength, s, aadLength);
            buf.setBytes(ciphertextOffset, s, aadLength, n);
            return n;
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
        check(nonce);
        try {
            init(Cipher.ENCRYPT_MODE, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed", e);
        }
    }

    @Override
    public byte[] open(byte[] nonce, byte[] aad, byte[] ciphertextAndTag) {
        check(nonce);
        if (ciphertextAndTag.length < TAG_LENGTH) {
            return null;
        }
        try {
            init(Cipher.DECRYPT_MODE, nonce);
            cipher.updateAAD(aad);
            return cipher.doFinal(ciphertextAndTag);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
