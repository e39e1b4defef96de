package io.jetstreamproto.crypto.internal.aead;

import java.util.Arrays;

/**
 * The scratch array through which ciphers process buffers that have no usable backing array (direct and composite
 * buffers), or regions that the underlying implementation will not process in place (Bouncy Castle copies overlapping
 * input). One per thread, shared by every cipher used on that thread, rather than one per cipher: idle connections
 * then hold no scratch at all (issue 10: five ciphers per connection each kept at least 2 KB).
 *
 * <p>Why a {@link ThreadLocal} here, against the rule of passing such state in: the array carries nothing from one
 * call to the next (the caller wipes what it used before returning), so sharing it is invisible to every caller and
 * safe under any threading model the transport chooses, whereas passing an arena in would thread one parameter
 * through the session, the record layer and every cipher call. It is a cache, not state.
 */
final class AeadScratch {
    /** Arrays larger than this are not kept between calls (a rare 64 KiB datagram does not stay pinned). */
    private static final int KEEP_MAX = 4096;
    private static final ThreadLocal<byte[]> PER_THREAD = ThreadLocal.withInitial(() -> new byte[2048]);

    private AeadScratch() {}

    /** An array of at least {@code n} bytes for use until {@link #release} (never across calls). */
    static byte[] take(int n) {
        byte[] a = PER_THREAD.get();
        if (a.length >= n) {
            return a;
        }
        byte[] bigger = new byte[Math.max(n, Math.min(2 * a.length, Integer.MAX_VALUE - 16))];
        if (bigger.length <= KEEP_MAX) {
            PER_THREAD.set(bigger);
        }
        return bigger;
    }

    /** Wipes the first {@code used} bytes of {@code a} (packet plaintext must not linger in a shared array). */
    static void release(byte[] a, int used) {
        Arrays.fill(a, 0, Math.min(used, a.length), (byte) 0);
    }
}
