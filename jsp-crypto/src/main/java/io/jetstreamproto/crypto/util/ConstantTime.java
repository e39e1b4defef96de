package io.jetstreamproto.crypto.util;

import java.security.MessageDigest;

/**
 * Comparisons whose running time does not depend on where two byte strings differ (SR-40). Every MAC, tag,
 * Finished value and token comparison goes through here; a test checks that nothing else compares such values.
 */
public final class ConstantTime {
    private ConstantTime() {}

    /** Whether {@code a} and {@code b} are equal; a length difference may return early (lengths are public). */
    public static boolean equals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /** Whether {@code len} bytes of {@code a} at {@code aOff} equal those of {@code b} at {@code bOff}. */
    public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (aOff < 0 || bOff < 0 || len < 0 || a.length - aOff < len || b.length - bOff < len) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}
