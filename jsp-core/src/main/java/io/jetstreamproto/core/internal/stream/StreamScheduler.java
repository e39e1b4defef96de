package io.jetstreamproto.core.internal.stream;

import io.jetstreamproto.core.internal.Priority;
import java.util.Objects;

/**
 * Chooses which stream sends next: deficit round robin (Shreedhar and Varghese, 1995) over the streams that
 * have data, each stream's quantum being its {@link Priority#weight()} times a base quantum.
 *
 * <p>Over time every backlogged stream sends bytes in proportion to its weight — SYSTEM and BULK in the ratio
 * 8:1, all four priorities 8:4:2:1 — and streams of equal priority take turns. A low-priority stream is
 * slowed, never starved. Decisions are O(1) amortised: streams sit in one circular list; the stream at the
 * head keeps the turn until it has spent its deficit, then gets its next quantum and goes to the back.
 *
 * <p>Usage per fragment: {@code id = next()}; ask that stream for a fragment; {@code charge(id, bytes)};
 * then {@code setActive(id, priority, stream.hasPendingData())}. A stream selected by {@link #next()} that
 * produces nothing must be deactivated, or it would be selected again. A stream that becomes idle leaves the
 * list and loses its deficit, so idleness cannot be banked into a later burst.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class StreamScheduler {
    /** Default base quantum: one typical datagram. */
    public static final int DEFAULT_QUANTUM_BYTES = 1200;

    private final int quantumBytes;
    /** Active streams by id (no boxing: {@link #charge} and {@link #setActive} run for every fragment). */
    private final LongMap<Entry> entries = new LongMap<>();
    /** The stream whose turn it is; the list is circular, so {@code head.previous} is the back. */
    private Entry head;

    private static final class Entry {
        final long streamId;
        Priority priority;
        long deficit;
        Entry previous;
        Entry next;

        Entry(long streamId, Priority priority) {
            this.streamId = streamId;
            this.priority = priority;
        }
    }

    public StreamScheduler() {
        this(DEFAULT_QUANTUM_BYTES);
    }

    /** @param quantumBytes bytes a weight-1 stream may send per round */
    public StreamScheduler(int quantumBytes) {
        if (quantumBytes <= 0) {
            throw new IllegalArgumentException("quantum must be positive, got " + quantumBytes);
        }
        this.quantumBytes = quantumBytes;
    }

    /**
     * Updates a stream's state: with {@code hasData} it takes part in scheduling (joining at the back with a
     * full quantum if it was idle; a changed priority applies from its next quantum), without it leaves.
     */
    public void setActive(long streamId, Priority priority, boolean hasData) {
        Objects.requireNonNull(priority, "priority");
        Entry entry = entries.get(streamId);
        if (!hasData) {
            if (entry != null) {
                unlink(entry);
                entries.remove(streamId);
            }
            return;
        }
        if (entry != null) {
            entry.priority = priority;
            return;
        }
        entry = new Entry(streamId, priority);
        entry.deficit = quantum(priority);
        linkAtBack(entry);
        entries.put(streamId, entry);
    }

    /** Removes a stream (closed or reset); the same as {@code setActive(streamId, any, false)}. */
    public void remove(long streamId) {
        Entry entry = entries.remove(streamId);
        if (entry != null) {
            unlink(entry);
        }
    }

    /** The stream that should send next, or -1 if no stream has data. */
    public long next() {
        if (head == null) {
            return -1;
        }
        while (head.deficit <= 0) {
            head.deficit += quantum(head.priority);
            head = head.next;
        }
        return head.streamId;
    }

    /** Charges {@code bytes} sent by a stream against its deficit. Unknown (inactive) streams are ignored. */
    public void charge(long streamId, int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be non-negative, got " + bytes);
        }
        Entry entry = entries.get(streamId);
        if (entry != null) {
            entry.deficit -= bytes;
        }
    }

    /** Whether a stream with data is known. */
    public boolean isEmpty() {
        return head == null;
    }

    /** The number of streams with data. */
    public int activeCount() {
        return entries.size();
    }

    private long quantum(Priority priority) {
        return (long) quantumBytes * priority.weight();
    }

    private void linkAtBack(Entry entry) {
        if (head == null) {
            entry.previous = entry;
            entry.next = entry;
            head = entry;
            return;
        }
        Entry back = head.previous;
        entry.previous = back;
        entry.next = head;
        back.next = entry;
        head.previous = entry;
    }

    private void unlink(Entry entry) {
        if (entry.next == entry) {
            head = null;
        } else {
            entry.previous.next = entry.next;
            entry.next.previous = entry.previous;
            if (head == entry) {
                head = entry.next;
            }
        }
        entry.previous = null;
        entry.next = null;
    }
}
