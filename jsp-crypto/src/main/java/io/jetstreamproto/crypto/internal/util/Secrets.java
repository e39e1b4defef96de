package io.jetstreamproto.crypto.internal.util;

import java.util.Arrays;

/**
 * Zeroes secret byte arrays the library owns once it is done with them. Best effort only: the JVM may have copied an
 * array (garbage-collector moves, JIT spills), and JCA providers keep private copies of keys, so this shortens the
 * lifetime of secrets in memory rather than guaranteeing erasure.
 */
public final class Secrets {
    private Secrets() {}

    /**
     * Overwrites every element of each non-null array with zero.
     *
     * @param arrays arrays to wipe; the varargs array itself and any of its elements may be null
     */
    public static void wipe(byte[]... arrays) {
        if (arrays == null) {
            return;
        }
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
