package io.jetstreamproto.core.internal.stream;

import java.util.Arrays;

/**
 * A set of byte offsets kept as sorted, disjoint, non-adjacent half-open ranges {@code [start, end)}.
 * Used by the sender to track which bytes of a message are acknowledged and which await retransmission.
 * Operations are O(log n) to find the place and O(n) to splice, with n the number of ranges, which stays
 * small: at most one per loss gap of one message.
 */
final class ByteRanges {
    private long[] starts = new long[2];
    private long[] ends = new long[2];
    private int size;
    private long coveredBytes;

    boolean isEmpty() {
        return size == 0;
    }

    /** The number of disjoint ranges. */
    int rangeCount() {
        return size;
    }

    /** The number of offsets in the set. */
    long coveredBytes() {
        return coveredBytes;
    }

    long start(int index) {
        return starts[index];
    }

    long end(int index) {
        return ends[index];
    }

    /** Whether every offset of {@code [start, end)} is in the set. */
    boolean containsAll(long start, long end) {
        if (start >= end) {
            return true;
        }
        int i = firstEndingAfter(start);
        return i < size && starts[i] <= start && ends[i] >= end;
    }

    /** Adds {@code [start, end)}, merging with overlapping and adjacent ranges. */
    void add(long start, long end) {
        if (start >= end) {
            return;
        }
        int first = firstEndingAtOrAfter(start); // may touch start
        int last = first;
        long mergedStart = start;
        long mergedEnd = end;
        while (last < size && starts[last] <= end) {
            mergedStart = Math.min(mergedStart, starts[last]);
            mergedEnd = Math.max(mergedEnd, ends[last]);
            coveredBytes -= ends[last] - starts[last];
            last++;
        }
        splice(first, last, 1);
        starts[first] = mergedStart;
        ends[first] = mergedEnd;
        coveredBytes += mergedEnd - mergedStart;
    }

    /** Removes {@code [start, end)}. */
    void remove(long start, long end) {
        if (start >= end) {
            return;
        }
        int first = firstEndingAfter(start);
        int last = first;
        while (last < size && starts[last] < end) {
            last++;
        }
        if (first == last) {
            return;
        }
        long leftStart = starts[first];
        long rightEnd = ends[last - 1];
        for (int i = first; i < last; i++) {
            coveredBytes -= ends[i] - starts[i];
        }
        boolean keepLeft = leftStart < start;
        boolean keepRight = rightEnd > end;
        splice(first, last, (keepLeft ? 1 : 0) + (keepRight ? 1 : 0));
        int at = first;
        if (keepLeft) {
            starts[at] = leftStart;
            ends[at] = start;
            coveredBytes += start - leftStart;
            at++;
        }
        if (keepRight) {
            starts[at] = end;
            ends[at] = rightEnd;
            coveredBytes += rightEnd - end;
        }
    }

    /** Adds the offsets of {@code [start, end)} that are not in {@code exclude}. */
    void addMissing(long start, long end, ByteRanges exclude) {
        long cursor = start;
        for (int i = exclude.firstEndingAfter(start); i < exclude.size && exclude.starts[i] < end; i++) {
            if (exclude.starts[i] > cursor) {
                add(cursor, exclude.starts[i]);
            }
            cursor = Math.max(cursor, exclude.ends[i]);
        }
        if (cursor < end) {
            add(cursor, end);
        }
    }

    /** Smallest index whose range ends at or after {@code offset} (so it may touch or contain it). */
    private int firstEndingAtOrAfter(long offset) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] < offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Smallest index whose range ends after {@code offset} (so it contains or follows it); may be rangeCount(). */
    int indexEndingAfter(long offset) {
        return firstEndingAfter(offset);
    }

    /** Smallest index whose range ends after {@code offset} (so it contains or follows it). */
    private int firstEndingAfter(long offset) {
        return firstEndingAtOrAfter(offset + 1);
    }

    /** Replaces the ranges {@code [from, to)} with {@code count} uninitialised slots. */
    private void splice(int from, int to, int count) {
        int newSize = size - (to - from) + count;
        if (newSize > starts.length) {
            int capacity = Math.max(newSize, starts.length * 2);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }
        int tail = size - to;
        System.arraycopy(starts, to, starts, from + count, tail);
        System.arraycopy(ends, to, ends, from + count, tail);
        size = newSize;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append('[').append(starts[i]).append(", ").append(ends[i]).append(')');
        }
        return text.append(']').toString();
    }
}
