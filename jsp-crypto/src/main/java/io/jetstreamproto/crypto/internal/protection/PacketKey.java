package io.jetstreamproto.crypto.internal.protection;

import io.jetstreamproto.crypto.internal.aead.PacketCipher;
import io.jetstreamproto.crypto.internal.util.Secrets;
import io.netty.buffer.ByteBuf;
import javax.security.auth.Destroyable;

/**
 * One AEAD key and its IV. The nonce of packet number {@code pn} is {@code iv XOR (0^32 || pn as 64-bit big-endian)}
 * (RFC 8446 §5.3, RFC 9001 §5.3). Not thread-safe: one per connection direction, used on its event loop.
 */
public final class PacketKey implements Destroyable {
    private final PacketCipher cipher;
    private final byte[] iv;
    private final byte[] nonce = new byte[12];
    private boolean destroyed;

    PacketKey(PacketCipher cipher, byte[] iv) {
        if (iv.length != 12) {
            throw new IllegalArgumentException("iv must be 12 bytes");
        }
        this.cipher = cipher;
        this.iv = iv;
    }

    /** Computes the nonce for {@code pn} into an internal buffer and returns it (valid until the next call). */
    byte[] nonce(long pn) {
        System.arraycopy(iv, 0, nonce, 0, 12);
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        }
        return nonce;
    }

    /**
     * Seals the packet in place: header bytes {@code [headerStart, payloadStart)} are the associated data, the
     * plaintext {@code [payloadStart, payloadStart+payloadLength)} becomes ciphertext followed by the 16-byte tag.
     * The caller has reserved the tag bytes (writer index at or beyond payloadStart+payloadLength+16).
     */
    public void seal(long pn, ByteBuf buf, int headerStart, int payloadStart, int payloadLength) {
        checkLive();
        cipher.seal(nonce(pn), buf, headerStart, payloadStart - headerStart, payloadStart, payloadLength);
    }

    /** Opens in place; returns the plaintext length or -1 when authentication fails. */
    public int open(long pn, ByteBuf buf, int headerStart, int payloadStart, int ciphertextLength) {
        checkLive();
        return cipher.open(nonce(pn), buf, headerStart, payloadStart - headerStart, payloadStart, ciphertextLength);
    }

    /** Byte-array form for small messages. */
    public byte[] seal(long pn, byte[] aad, byte[] plaintext) {
        checkLive();
        return cipher.seal(nonce(pn).clone(), aad, plaintext);
    }

    /** Byte-array form; null when authentication fails. */
    public byte[] open(long pn, byte[] aad, byte[] ciphertext) {
        checkLive();
        return cipher.open(nonce(pn).clone(), aad, ciphertext);
    }

    /** The nonce that sealing {@code pn} uses; exposed for the nonce-uniqueness test (SR-17). */
    public byte[] nonceForTesting(long pn) {
        return nonce(pn).clone();
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("packet key destroyed");
        }
    }

    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            cipher.destroy();
            Secrets.wipe(iv, nonce);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PacketKey[" + cipher.suite().displayName() + ", redacted]";
    }
}
