package io.jetstreamproto.crypto.internal.aead;

import io.netty.buffer.ByteBuf;
import javax.security.auth.Destroyable;

/**
 * One AEAD key of a {@link CipherSuite}, sealing and opening with 12-byte nonces and 16-byte tags. The same object
 * can seal and open (every call re-initialises the underlying cipher with the nonce it is given).
 *
 * <p><b>Not thread-safe</b>: use one per connection direction, on that connection's event loop.
 *
 * <p><b>Buffer contract</b> of the {@link ByteBuf} forms. All offsets are absolute indexes into the buffer (as for
 * {@link ByteBuf#getBytes(int, byte[])}); the reader and writer indexes are neither used as positions nor changed.
 * Every region must lie inside {@code [0, buf.writerIndex())}: in particular, before sealing the caller has written
 * (for example with {@code writeZero(16)}) the 16 bytes the tag will occupy. The associated data must not overlap the
 * plaintext/ciphertext region. Heap buffers are processed in place in their backing array; direct and composite
 * buffers are copied through a scratch array shared by the ciphers of the calling thread and wiped after each call
 * (so the result is the same for every buffer kind, and an idle cipher holds no scratch).
 *
 * <p><b>Nonces</b> must never repeat under one key; that is the caller's job (IV XOR packet number). As a last-resort
 * safety net the JDK and Bouncy Castle refuse to seal twice in a row with the same nonce, which surfaces as an
 * {@link IllegalStateException}.
 */
public interface PacketCipher extends Destroyable {
    /** Tag length in bytes (16 for both suites). */
    int TAG_LENGTH = 16;
    /** Nonce length in bytes (12 for both suites); any other length is rejected. */
    int NONCE_LENGTH = 12;

    /**
     * The suite this key belongs to.
     *
     * @return the cipher suite
     */
    CipherSuite suite();

    /**
     * Encrypts {@code buf[plaintextOffset, plaintextOffset + plaintextLength)} in place and writes the 16-byte tag
     * directly after it, so that on return {@code buf[plaintextOffset, plaintextOffset + plaintextLength + 16)} holds
     * {@code ciphertext || tag}; {@code buf[aadOffset, aadOffset + aadLength)} is authenticated, not encrypted.
     *
     * @param nonce the 12-byte nonce, used once per key
     * @param buf the buffer holding associated data, plaintext and room for the tag (see the class comment)
     * @param aadOffset absolute index of the associated data
     * @param aadLength length of the associated data, may be zero
     * @param plaintextOffset absolute index of the plaintext
     * @param plaintextLength length of the plaintext, may be zero
     * @throws IllegalArgumentException if the nonce is not 12 bytes or the regions overlap
     * @throws IndexOutOfBoundsException if a region (tag included) is not inside {@code [0, writerIndex)}
     * @throws IllegalStateException if destroyed, or if the underlying cipher refuses (same nonce as the last seal)
     */
    void seal(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int plaintextOffset, int plaintextLength);

    /**
     * Decrypts {@code buf[ciphertextOffset, ciphertextOffset + ciphertextLength)} ({@code ciphertext || tag}) in place:
     * on success the plaintext starts at {@code ciphertextOffset} and its length ({@code ciphertextLength - 16}) is
     * returned. On failure -1 is returned, never an exception, because forged and corrupted packets are routine on UDP
     * and must be cheap to drop; the content of the region after a failure is unspecified. Input shorter than the
     * tag also gives -1.
     *
     * @param nonce the 12-byte nonce
     * @param buf the buffer holding associated data and ciphertext
     * @param aadOffset absolute index of the associated data
     * @param aadLength length of the associated data
     * @param ciphertextOffset absolute index of the ciphertext
     * @param ciphertextLength length of ciphertext plus tag
     * @return the plaintext length, or -1 if authentication failed
     * @throws IllegalArgumentException if the nonce is not 12 bytes or the regions overlap
     * @throws IndexOutOfBoundsException if a region is not inside {@code [0, writerIndex)}
     * @throws IllegalStateException if destroyed
     */
    int open(byte[] nonce, ByteBuf buf, int aadOffset, int aadLength, int ciphertextOffset, int ciphertextLength);

    /**
     * Byte-array form of {@link #seal(byte[], ByteBuf, int, int, int, int)}, for handshake messages and tests.
     *
     * @param nonce the 12-byte nonce
     * @param aad associated data (may be empty)
     * @param plaintext the plaintext (may be empty)
     * @return a new array {@code ciphertext || tag}
     * @throws IllegalArgumentException if the nonce is not 12 bytes
     * @throws IllegalStateException if destroyed, or if the underlying cipher refuses (same nonce as the last seal)
     */
    byte[] seal(byte[] nonce, byte[] aad, byte[] plaintext);

    /**
     * Byte-array form of {@link #open(byte[], ByteBuf, int, int, int, int)}.
     *
     * @param nonce the 12-byte nonce
     * @param aad associated data
     * @param ciphertextAndTag ciphertext followed by the 16-byte tag
     * @return a new array with the plaintext, or null if authentication failed or the input is shorter than the tag
     * @throws IllegalArgumentException if the nonce is not 12 bytes
     * @throws IllegalStateException if destroyed
     */
    byte[] open(byte[] nonce, byte[] aad, byte[] ciphertextAndTag);

    /**
     * Wipes this object's copy of the key and overwrites the underlying cipher's key state (if it was ever created);
     * later calls throw {@link IllegalStateException}. Idempotent. Best effort: JCA providers keep internal copies.
     */
    @Override
    void destroy();
}
