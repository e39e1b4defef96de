package io.jetstreamproto.crypto.util;

import javax.security.auth.Destroyable;

/**
 * Secret key material with an owner: {@link #destroy()} zeroes it and {@link #toString()} never shows it.
 * Not thread-safe.
 */
public final class SecretBytes implements Destroyable {
    private final byte[] bytes;
    private boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes} (the caller must not keep using the array). */
    public static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(bytes);
    }

    /** Copies {@code bytes}; the caller still owns (and should wipe) its array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    /** The internal array, borrowed: do not keep, modify or log it. */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("secret destroyed");
        }
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    /** Constant-time comparison with another secret. */
    public boolean constantTimeEquals(SecretBytes other) {
        return !destroyed && !other.destroyed && ConstantTime.equals(bytes, other.bytes);
    }

    @Override
    public void destroy() {
        destroyed = true;
        Secrets.wipe(bytes);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted, " + bytes.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }
}
