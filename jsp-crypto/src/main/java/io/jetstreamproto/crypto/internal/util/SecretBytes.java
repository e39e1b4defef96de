package io.jetstreamproto.crypto.internal.util;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Secret key material with exactly one owner: {@link #destroy()} zeroes it, {@link #toString()} never shows it and
 * there is deliberately no content-based {@code equals}/{@code hashCode} (a hash of a key leaks information, and
 * {@code equals} would invite non-constant-time comparisons); use {@link #constantTimeEquals}. Not thread-safe.
 */
public final class SecretBytes implements Destroyable {
    private final byte[] bytes;
    private boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Takes ownership of {@code bytes} without copying: the caller must not use or wipe the array afterwards (it is
     * wiped by {@link #destroy()}). Use this for freshly derived secrets, so that no second copy exists.
     *
     * @param bytes the secret; not copied
     * @return the owner of {@code bytes}
     */
    public static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Copies {@code bytes}; the caller keeps (and should wipe) its own array.
     *
     * @param bytes the secret to copy
     * @return a new owner of a copy of {@code bytes}
     */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    /**
     * The internal array, borrowed, not copied (copies of keys are what this class exists to avoid): do not keep,
     * modify, log or pass it to code that might.
     *
     * @return the secret bytes
     * @throws IllegalStateException if destroyed
     */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("secret destroyed");
        }
        return bytes;
    }

    /**
     * The length in bytes (public information, available after {@link #destroy()} too).
     *
     * @return the number of secret bytes
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Compares two secrets in time independent of their content.
     *
     * @param other the secret to compare with
     * @return true if neither is destroyed and both hold the same bytes
     */
    public boolean constantTimeEquals(SecretBytes other) {
        return other != null && !destroyed && !other.destroyed && ConstantTime.equals(bytes, other.bytes);
    }

    /** Zeroes the secret; later calls to {@link #bytes()} throw. Idempotent. */
    @Override
    public void destroy() {
        destroyed = true;
        Secrets.wipe(bytes);
    }

    /** Whether {@link #destroy()} was called. */
    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** {@code SecretBytes[redacted, N bytes]}, plus {@code , destroyed} once destroyed; never the content. */
    @Override
    public String toString() {
        return "SecretBytes[redacted, " + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }
}
