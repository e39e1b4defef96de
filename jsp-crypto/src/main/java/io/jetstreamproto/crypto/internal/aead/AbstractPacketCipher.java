package io.jetstreamproto.crypto.internal.aead;

import io.jetstreamproto.crypto.internal.util.Secrets;
import io.netty.buffer.ByteBuf;

/**
 * What the implementations share: argument checks, key ownership, and the mapping of {@link ByteBuf} regions onto
 * byte arrays (in place on a heap buffer's backing array; through the per-thread {@link AeadScratch} array for direct
 * and composite buffers, wiped after each call). Subclasses only encrypt and decrypt between arrays, and create their
 * underlying cipher object on first use, once per key: a key that is never used (the next receive key until the peer
 * updates) costs only its 32 bytes.
 */
abstract class AbstractPacketCipher implements PacketCipher {
    private static final byte[] EMPTY = new byte[0];

    /** The suite of {@link #key}. */
    protected final CipherSuite suite;
    /** This object's copy of the key, wiped by {@link #destroy()}. */
    protected final byte[] key;
    private boolean destroyed;

    AbstractPacketCipher(CipherSuite suite, byte[] key) {
        if (key.length != suite.keyLength()) {
            throw new IllegalArgumentException(suite.displayName() + " key must be " + suite.keyLength() + " bytes");
        }
        this.suite = suite;
        this.key = key.clone();
    }

    /**
     * Whether {@link #sealArrays}/{@link #openArrays} may be given the same array as input and output at the same
     * offset without the implementation copying internally (true for the JDK; Bouncy Castle copies the input to a
     * fresh array when the regions overlap, so it is handed distinct regions instead).
     */
    protected abstract boolean efficientInPlace();

    /**
     * Seals {@code in[inOff, inOff+len)} into {@code out[outOff, outOff+len+16)} with associated data
     * {@code aad[aadOff, aadOff+aadLen)}.
     *
     * @return the number of bytes written ({@code len + 16})
     * @throws IllegalStateException if the underlying cipher refuses
     */
    protected abstract int sealArrays(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff);

    /**
     * Opens {@code in[inOff, inOff+len)} ({@code len >= 16}) into {@code out[outOff, outOff+len-16)}.
     *
     * @return the plaintext length, or -1 if authentication failed
     */
    protected abstract int openArrays(byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            byte[] out, int outOff);

    /** Overwrites the key state inside the underlying cipher object (best effort). */
    protected abstract void clearCipherState();

    @Override
    public final CipherSuite suite() {
        return suite;
    }

    private void checkUsable(byte[] nonce) {
        if (destroyed) {
            throw new IllegalStateException("cipher destroyed");
        }
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
        }
    }

    /**
     * Checks the AAD region and the data region {@code [dataOffset, dataOffset + dataLength + extra)} ({@code extra}
     * is the tag when sealing) before the cipher is touched, so that a rejected call consumes no nonce.
     */
    private static void checkRegions(ByteBuf buf, int aadOffset, int aadLength, int dataOffset, int dataLength,
            int extra) {
        checkRegion(buf, aadOffset, aadLength);
        if (dataLength < 0) {
            throw new IndexOutOfBoundsException("negative length " + dataLength);
        }
        checkRegion(buf, dataOffset, (long) dataLength + extra);
        long dataEnd = (long) dataOffset + dataLength + extra;
        if (aadLength > 0 && aadOffset < dataEnd && dataOffset < (long) aadOffset + aadLength) {
            throw new IllegalArgumentException("associated data overlaps the encrypted region");
        }
    }

    private static void checkRegion(ByteBuf buf, int offset, long length) {
        if (offset < 0 || length < 0 || offset + length > buf.writerIndex()) {
            throw new IndexOutOfBoundsException("region " + offset + "+" + length + " is outside [0, writerIndex "
                    + buf.writerIndex() + ")");
        }
    }

    @Override
    public final void seal(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int plaintextOffset,
            int plaintextLength) {
        checkUsable(nonce);
        checkRegions(buf, aadOffset, aadLength, plaintextOffset, plaintextLength, TAG_LENGTH);
        if (buf.hasArray()) {
            byte[] a = buf.array();
            int base = buf.arrayOffset();
            if (efficientInPlace()) {
                sealArrays(nonce, a, base + aadOffset, aadLength, a, base + plaintextOffset, plaintextLength, a,
                        base + plaintextOffset);
            } else {
                byte[] s = AeadScratch.take(plaintextLength);
                try {
                    System.arraycopy(a, base + plaintextOffset, s, 0, plaintextLength);
                    sealArrays(nonce, a, base + aadOffset, aadLength, s, 0, plaintextLength, a,
                            base + plaintextOffset);
                } finally {
                    AeadScratch.release(s, plaintextLength);
                }
            }
            return;
        }
        // Direct or composite memory: copy in, process between arrays, copy out. In-place ByteBuffer operation is
        // not safe with every provider (JDK 17's ChaCha20-Poly1305 computed a wrong tag for overlapping buffers).
        int outStart = efficientInPlace() ? aadLength : aadLength + plaintextLength;
        int used = outStart + plaintextLength + TAG_LENGTH;
        byte[] s = AeadScratch.take(used);
        try {
            buf.getBytes(aadOffset, s, 0, aadLength);
            buf.getBytes(plaintextOffset, s, aadLength, plaintextLength);
            int n = sealArrays(nonce, s, 0, aadLength, s, aadLength, plaintextLength, s, outStart);
            buf.setBytes(plaintextOffset, s, outStart, n);
        } finally {
            AeadScratch.release(s, used);
        }
    }

    @Override
    public final int open(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int ciphertextOffset,
            int ciphertextLength) {
        checkUsable(nonce);
        if (ciphertextLength < TAG_LENGTH) {
            return -1;
        }
        checkRegions(buf, aadOffset, aadLength, ciphertextOffset, ciphertextLength, 0);
        if (buf.hasArray()) {
            byte[] a = buf.array();
            int base = buf.arrayOffset();
            if (efficientInPlace()) {
                return openArrays(nonce, a, base + aadOffset, aadLength, a, base + ciphertextOffset, ciphertextLength,
                        a, base + ciphertextOffset);
            }
            byte[] s = AeadScratch.take(ciphertextLength);
            try {
                System.arraycopy(a, base + ciphertextOffset, s, 0, ciphertextLength);
                return openArrays(nonce, a, base + aadOffset, aadLength, s, 0, ciphertextLength, a,
                        base + ciphertextOffset);
            } finally {
                AeadScratch.release(s, ciphertextLength);
            }
        }
        int outStart = efficientInPlace() ? aadLength : aadLength + ciphertextLength;
        int used = outStart + ciphertextLength;
        byte[] s = AeadScratch.take(used);
        try {
            buf.getBytes(aadOffset, s, 0, aadLength);
            buf.getBytes(ciphertextOffset, s, aadLength, ciphertextLength);
            int n = openArrays(nonce, s, 0, aadLength, s, aadLength, ciphertextLength, s, outStart);
            if (n >= 0) {
                buf.setBytes(ciphertextOffset, s, outStart, n); // unauthenticated plaintext is never copied out
            }
            return n;
        } finally {
            AeadScratch.release(s, used);
        }
    }

    @Override
    public final byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext) {
        checkUsable(nonce);
        byte[] a = aad == null ? EMPTY : aad;
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        sealArrays(nonce, a, 0, a.length, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    @Override
    public final byte[] open(byte[] nonce, byte[] aad, byte[] ciphertextAndTag) {
        checkUsable(nonce);
        if (ciphertextAndTag.length < TAG_LENGTH) {
            return null;
        }
        byte[] a = aad == null ? EMPTY : aad;
        byte[] out = new byte[ciphertextAndTag.length - TAG_LENGTH];
        int n = openArrays(nonce, a, 0, a.length, ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
        if (n < 0) {
            Secrets.wipe(out); // may hold unauthenticated plaintext
            return null;
        }
        return out;
    }

    @Override
    public final void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        Secrets.wipe(key);
        clearCipherState();
    }

    @Override
    public final boolean isDestroyed() {
        return destroyed;
    }

    /** The implementation and suite; never key material. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + suite.displayName() + ", key redacted"
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
