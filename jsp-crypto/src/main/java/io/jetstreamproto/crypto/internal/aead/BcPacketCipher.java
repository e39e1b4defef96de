package io.jetstreamproto.crypto.internal.aead;

import io.jetstreamproto.crypto.internal.util.Secrets;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * {@link PacketCipher} over Bouncy Castle's lightweight AEADs ({@code ChaCha20Poly1305}; {@code GCMModeCipher} over
 * {@code AESEngine.newInstance()}): the oracle of the differential test (SR-44) and a fallback for JVMs whose JCA
 * lacks a suite. One cipher object per key, created at the first seal or open, re-initialised for every packet
 * (with a null key, so that GCM keeps its multiplier table).
 */
final class BcPacketCipher extends AbstractPacketCipher {
    private AEADCipher cipher;
    private final KeyParameter keyParameter;
    /** Whether the cipher holds our key, so that re-inits can pass a null key and skip key setup (GCM's H table). */
    private boolean keyLoaded;

    BcPacketCipher(CipherSuite suite, byte[] key) {
        super(suite, key);
        // KeyParameter copies the key; this.key is wiped on destroy and the copy overwritten in clearCipherState.
        this.keyParameter = new KeyParameter(this.key);
    }

    @Override
    protected boolean efficientInPlace() {
        return false; // BC copies the input to a new array when input and output overlap: give it distinct regions
    }

    private void init(boolean encrypt, byte[] nonce) {
        if (cipher == null) {
            cipher = suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? new ChaCha20Poly1305()
                    : GCMBlockCipher.newInstance(AESEngine.newInstance());
        }
        cipher.init(encrypt, new AEADParameters(keyLoaded ? null : keyParameter, TAG_LENGTH * 8, nonce));
        keyLoaded = true;
    }

    @Override
    protected int sealArrays(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        try {
            // BC refuses an encryption re-init with the previous nonce (IllegalArgumentException): not worked around.
            init(true, nonce);
            cipher.processAADBytes(aad, aadOff, aadLen);
            int n = cipher.processBytes(in, inOff, len, out, outOff);
            return n + cipher.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new IllegalStateException(suite.displayName() + " seal failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected int openArrays(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff) {
        try {
            init(false, nonce);
            cipher.processAADBytes(aad, aadOff, aadLen);
            int n = cipher.processBytes(in, inOff, len, out, outOff);
            return n + cipher.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            return -1; // "mac check failed"
        } catch (RuntimeException e) {
            return -1; // never an exception on the receive path
        }
    }

    @Override
    protected void clearCipherState() {
        try {
            if (cipher != null) {
                cipher.init(false, new AEADParameters(new KeyParameter(new byte[32]), TAG_LENGTH * 8, new byte[12]));
            }
        } catch (RuntimeException e) {
            // best effort
        }
        Secrets.wipe(keyParameter.getKey()); // getKey() returns the internal array, not a copy
    }
}
