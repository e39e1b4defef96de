package io.jetstreamproto.crypto.aead;

import io.netty.buffer.ByteBuf;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** {@link PacketCipher} over Bouncy Castle's lightweight AEADs: the differential-test oracle and a fallback. */
final class BcPacketCipher extends AbstractPacketCipher {
    private final AEADCipher cipher;
    private final KeyParameter keyParameter;

    BcPacketCipher(CipherSuite suite, byte[] key) {
        super(suite, key);
        this.cipher = suite == CipherSuite.CHACHA20_POLY1305_SHA256 ? new ChaCha20Poly1305()
                : GCMBlockCipher.newInstance(AESEngine.newInstance());
        this.keyParameter = new KeyParameter(this.key);
    }

    private byte[] run(boolean encrypt, byte[] nonce, byte[] aad, byte[] input) throws InvalidCipherTextException {
        cipher.init(encrypt, new AEADParameters(keyParameter, TAG_LENGTH * 8, nonce, aad));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        n += cipher.doFinal(out, n);
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    @Override
    public void seal(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int plaintextOffset,
            int plaintextLength) {
        check(nonce);
        checkRange(buf, aadOffset, aadLength);
        checkRange(buf, plaintextOffset, plaintextLength + TAG_LENGTH);
        byte[] aad = new byte[aadLength];
        buf.getBytes(aadOffset, aad);
        byte[] pt = new byte[plaintextLength];
        buf.getBytes(plaintextOffset, pt);
        try {
            buf.setBytes(plaintextOffset, run(true, nonce, aad, pt));
        } catch (InvalidCipherTextException e) {
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
        byte[] aad = new byte[aadLength];
        buf.getBytes(aadOffset, aad);
        byte[] ct = new byte[ciphertextLength];
        buf.getBytes(ciphertextOffset, ct);
        try {
            byte[] pt = run(false, nonce, aad, ct);
            buf.setBytes(ciphertextOffset, pt);
            return pt.length;
        } catch (InvalidCipherTextException | IllegalStateException e) {
            return -1;
        }
    }

    @Override
    public byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
        check(nonce);
        try {
            return run(true, nonce, aad, plaintext);
        } catch (InvalidCipherTextException e) {
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
            return run(false, nonce, aad, ciphertextAndTag);
        } catch (InvalidCipherTextException | IllegalStateException e) {
            return null;
        }
    }
}
