package io.jetstreamproto.fec.internal;

import java.util.Arrays;

/**
 * Which recent packet numbers have been received (or recovered): a bitmap sliding with the highest packet
 * number marked, like a replay window. Constant memory ({@code size / 8} bytes).
 *
 * <p>Packet numbers that fell behind the window are reported as received: the decoder then never hands them out
 * as recovered, which keeps the guarantee "never a packet number already received" at the cost of not
 * recovering packets that are that old.
 */
final class ReceivedPacketWindow {
    private final long[] words;
    private final int size;
    private long highest = -1;

    /**
     * Creates an empty window.
     *
     * @param size number of packet numbers tracked, a positive multiple of 64
     */
    ReceivedPacketWindow(int size) {
        if (size < 64 || size % 64 != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 64: " + size);
        }
        this.size = size;
        this.words = new long[size / 64];
    }

    /** The highest packet number marked, or -1. */
    long highest() {
        return highest;
    }

    /** True if {@code pn} is older than the window (it can no longer be tracked). */
    boolean isTooOld(long pn) {
        return highest >= 0 && pn <= highest - size;
    }

    /** True if {@code pn} was marked, or is too old to know. */
    boolean isReceived(long pn) {
        if (highest < 0 || pn > highest) {
            return false;
        }
        if (isTooOld(pn)) {
            return true;
        }
        int bit = (int) Math.floorMod(pn, (long) size);
        return (words[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    /**
     * Marks {@code pn}, sliding the window forward if it is the highest yet.
     *
     * @return false if it was already marked or too old, true if newly marked
     */
    boolean markReceived(long pn) {
        if (pn > highest) {
            if (highest < 0 || pn - highest >= size) {
                Arrays.fill(words, 0L);
            } else {
                // Clear the slots of the numbers skipped over: they now stand for new, unseen numbers.
                for (long q = highest + 1; q < pn; q++) {
                    int bit = (int) Math.floorMod(q, (long) size);
                    words[bit >>> 6] &= ~(1L << (bit & 63));
                }
            }
            highest = pn;
            int bit = (int) Math.floorMod(pn, (long) size);
            words[bit >>> 6] |= 1L << (bit & 63);
            return true;
        }
        if (isReceived(pn)) {
            return false;
        }
        int bit = (int) Math.floorMod(pn, (long) size);
        words[bit >>> 6] |= 1L << (bit & 63);
        return true;
    }
}
