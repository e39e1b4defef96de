package io.jetstreamproto.crypto.internal.protection;

/**
 * Sliding anti-replay window over packet numbers (RFC 6479's ring of 64-bit blocks, as WireGuard uses).
 * With window size W and highest accepted packet number H, a packet number p is
 * <ul>
 *   <li>new if p &gt; H;</li>
 *   <li>acceptable once if H - W &lt; p ≤ H and not yet seen (so p = H - (W - 1) is the oldest acceptable);</li>
 *   <li>too old if p ≤ H - W.</li>
 * </ul>
 * {@link #check} changes nothing; {@link #mark} is called only after the packet authenticated, so a forged
 * packet can never move the window (SR-18). Memory: W/64 + 2 longs, rounded up to a power of two, reached only as
 * packet numbers grow: the ring starts at two blocks and doubles whenever the highest packet number reaches its end,
 * which keeps every packet number since 0 representable until it has its full size (an idle connection that has
 * received a few hundred packets holds a few dozen bytes, not 1 KB).
 */
public final class ReplayWindow {
    /** Default window: 8128 packets in an 8192-bit ring, WireGuard's size. */
    public static final int DEFAULT_SIZE = 8128;
    /** Smallest configurable window. */
    public static final int MIN_SIZE = 1024;

    /** Verdict of {@link #check}. */
    public enum Verdict { NEW, IN_WINDOW, DUPLICATE, TOO_OLD }

    private static final int INITIAL_BLOCKS = 2;

    private final int size;
    private final int fullBlocks;
    private long[] ring;
    private int mask;
    private long highest = -1;

    public ReplayWindow(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("replay window must be at least " + MIN_SIZE + ", got " + size);
        }
        this.size = size;
        this.fullBlocks = Integer.highestOneBit(((size + 63) / 64 + 1) * 2 - 1); // next power of two ≥ needed + 1
        int blocks = Math.min(INITIAL_BLOCKS, fullBlocks);
        this.ring = new long[blocks];
        this.mask = blocks - 1;
    }

    /** Longs in the ring now (tests of the lazy growth). */
    int ringBlocks() {
        return ring.length;
    }

    public int size() {
        return size;
    }

    /** The highest packet number marked so far, or -1. */
    public long highest() {
        return highest;
    }

    /** Classifies {@code pn} without changing state. */
    public Verdict check(long pn) {
        if (pn > highest) {
            return Verdict.NEW;
        }
        if (highest - pn >= size) {
            return Verdict.TOO_OLD;
        }
        long bit = 1L << (pn & 63);
        return (ring[(int) ((pn >>> 6) & mask)] & bit) != 0 ? Verdict.DUPLICATE : Verdict.IN_WINDOW;
    }

    /** Records {@code pn} as received. Callers first got {@link Verdict#NEW} or {@link Verdict#IN_WINDOW}. */
    public void mark(long pn) {
        Verdict v = check(pn);
        if (v == Verdict.DUPLICATE || v == Verdict.TOO_OLD) {
            throw new IllegalStateException("packet number " + pn + " is " + v);
        }
        if (pn > highest) {
            grow(pn >>> 6);
            long newBlock = pn >>> 6;
            long oldBlock = highest < 0 ? -1 : highest >>> 6;
            long diff = Math.min(newBlock - oldBlock, ring.length);
            for (long i = 1; i <= diff; i++) {
                ring[(int) ((oldBlock + i) & mask)] = 0; // clear the blocks the window slides over
            }
            highest = pn;
        }
        ring[(int) ((pn >>> 6) & mask)] |= 1L << (pn & 63);
    }

    /**
     * While the ring is smaller than its full size, every block seen so far is below {@code ring.length}, so it sits
     * at its own index; a larger power of two keeps it there, and the copy is exact.
     */
    private void grow(long newBlock) {
        if (newBlock < ring.length || ring.length == fullBlocks) {
            return;
        }
        int blocks = ring.length;
        while (blocks < fullBlocks && blocks <= newBlock) {
            blocks *= 2;
        }
        ring = java.util.Arrays.copyOf(ring, blocks);
        mask = blocks - 1;
    }
}
