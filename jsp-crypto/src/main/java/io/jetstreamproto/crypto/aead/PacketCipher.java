package io.jetstreamproto.crypto.aead;

import io.netty.buffer.ByteBuf;
import javax.security.auth.Destroyable;

/**
 * One AEAD key, sealing and opening in place with 12-byte nonces and 16-byte tags. Not thread-safe: one per
 * connection direction, used on its event loop. Buffers are addressed by absolute index; reader and writer
 * indexes are neither read nor changed, and the caller has made the buffer large enough (the tag included).
 */
public interface PacketCipher extends Destroyable {
    /** Tag length in bytes. */
    int TAG_LENGTH = 16;
    /** Nonce length in bytes. */
    int NONCE_LENGTH = 12;

    CipherSuite suite();

    /**
     * Encrypts {@code buf[plaintextOffset, plaintextOffset + plaintextLength)} in place and writes the tag right
     * after it; {@code buf[aadOffset, aadOffset + aadLength)} is authenticated.
     */
    void seal(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int plaintextOffset, int plaintextLength);

    /**
     * Decrypts in place. Returns the plaintext length, or -1 if authentication fails or the input is shorter than
     * the tag (no exception on this path: forged packets are common and must be cheap to drop).
     */
    int open(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int ciphertextOffset, int ciphertextLength);

    /** Convenience form: returns ciphertext || tag. */
    byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext);

    /** Convenience form: returns the plaintext, or null if authentication fails. */
    byte[] open(byte[] nonce, byte[] aad, byte[] ciphertextAndTag);

    /** Wipes the key; later use throws {@link IllegalStateException}. */
    @Override
    void destroy();
}
