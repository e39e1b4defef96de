package io.jetstreamproto.crypto.util;

import java.util.Arrays;

/** Zeroes secret byte arrays the library owns. Best effort: the JVM may have copied them. */
public final class Secrets {
    private Secrets() {}

    /** Overwrites each non-null array with zeros. */
    public static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
