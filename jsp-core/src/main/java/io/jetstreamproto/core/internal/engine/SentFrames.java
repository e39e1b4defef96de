package io.jetstreamproto.core.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one sent packet carried, as loss recovery hands it back when the packet is acknowledged or lost: the stream
 * fragments and the ACK in primitive arrays (the bulk path: no record per frame), every rarer frame as a
 * {@link SentFrame}. Objects are reused through {@link Pool}: recovery returns each packet's frames exactly once
 * (acknowledged or lost) or drops them with the connection, and the builder recycles them after processing.
 */
final class SentFrames {
    /** No ACK in this packet. */
    static final long NO_ACK = -1;

    private long[] streamIds;
    private long[] messageIds;
    private long[] fragmentOffsets;
    private int[] lengths;
    private int fragments;
    /** Largest packet number acknowledged by the ACK frame of this packet, or {@link #NO_ACK}. */
    long ackLargest = NO_ACK;
    /** Every other frame, or null. */
    private List<SentFrame> others;
    /** Link in the pool's free list. */
    private SentFrames nextFree;

    void addFragment(long streamId, long messageId, long fragmentOffset, int length) {
        if (streamIds == null) {
            streamIds = new long[2];
            messageIds = new long[2];
            fragmentOffsets = new long[2];
            lengths = new int[2];
        } else if (fragments == streamIds.length) {
            int n = 2 * fragments;
            streamIds = Arrays.copyOf(streamIds, n);
            messageIds = Arrays.copyOf(messageIds, n);
            fragmentOffsets = Arrays.copyOf(fragmentOffsets, n);
            lengths = Arrays.copyOf(lengths, n);
        }
        streamIds[fragments] = streamId;
        messageIds[fragments] = messageId;
        fragmentOffsets[fragments] = fragmentOffset;
        lengths[fragments] = length;
        fragments++;
    }

    void add(SentFrame f) {
        if (others == null) {
            others = new ArrayList<>(2);
        }
        others.add(f);
    }

    int fragmentCount() {
        return fragments;
    }

    long streamId(int i) {
        return streamIds[i];
    }

    long messageId(int i) {
        return messageIds[i];
    }

    long fragmentOffset(int i) {
        return fragmentOffsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    /** The number of other frames ({@link #other(int)}: no iterator per packet). */
    int otherCount() {
        return others == null ? 0 : others.size();
    }

    SentFrame other(int i) {
        return others.get(i);
    }

    boolean isEmpty() {
        return fragments == 0 && ackLargest == NO_ACK && (others == null || others.isEmpty());
    }

    private void clear() {
        fragments = 0;
        ackLargest = NO_ACK;
        if (others != null) {
            others.clear();
        }
    }

    /**
     * Free {@link SentFrames} of one connection. Bounded, so that a burst of packets in flight does not stay
     * allocated; the arrays kept are those of bulk packets (a few fragments each).
     */
    static final class Pool {
        private static final int MAX_FREE = 256;
        private SentFrames free;
        private int freeCount;

        SentFrames take() {
            SentFrames f = free;
            if (f == null) {
                return new SentFrames();
            }
            free = f.nextFree;
            f.nextFree = null;
            freeCount--;
            return f;
        }

        void recycle(SentFrames f) {
            f.clear();
            if (freeCount < MAX_FREE) {
                f.nextFree = free;
                free = f;
                freeCount++;
            }
        }

        /** Lets go of every free object (the connection is closing). */
        void clear() {
            free = null;
            freeCount = 0;
        }
    }
}
