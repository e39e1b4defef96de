package io.jetstreamproto.crypto.internal.util;

import java.security.MessageDigest;

/**
 * Comparisons whose running time does not depend on the content of the byte strings compared (SR-40): every MAC,
 * tag, Finished value and token comparison in JetStreamProto goes through here, so that an attacker who can time our
 * rejections learns nothing about how many leading bytes of a forgery were right. Lengths are treated as public: a
 * length mismatch may return early.
 *
 * <p>The build forbids {@code Arrays.equals(byte[], byte[])} in main code (it stops at the first difference), and a
 * test checks that secret-looking values are only compared here.
 */
public final class ConstantTime {
    private ConstantTime() {}

    /**
     * Whether {@code a} and {@code b} hold the same bytes. {@code null} equals nothing, not even {@code null}, so a
     * missing MAC can never match a missing expected value.
     *
     * @param a one byte string, or null
     * @param b the other byte string, or null
     * @return true only if both are non-null, of equal length and equal in every byte
     */
    public static boolean equals(byte[] a, byte[] b) {
        // MessageDigest.isEqual is constant-time in the content since JDK 6u17 (it ORs all differences).
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /**
     * Whether {@code len} bytes of {@code a} starting at {@code aOff} equal those of {@code b} starting at
     * {@code bOff}. A region that does not lie inside its array compares unequal rather than throwing: the regions
     * usually come from lengths an attacker chose, and a truncated input must be rejected, not crash the caller.
     *
     * @param a one array, or null
     * @param aOff start of the region in {@code a}
     * @param b the other array, or null
     * @param bOff start of the region in {@code b}
     * @param len number of bytes to compare
     * @return true only if both regions exist and are equal in every byte
     */
    public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        if (a == null || b == null || aOff < 0 || bOff < 0 || len < 0 || a.length - aOff < len
                || b.length - bOff < len) {
            return false;
        }
        return org.bouncycastle.util.Arrays.constantTimeAreEqual(len, a, aOff, b, bOff);
    }
}
