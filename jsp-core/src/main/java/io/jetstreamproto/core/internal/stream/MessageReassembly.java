package io.jetstreamproto.core.internal.stream;

import io.jetstreamproto.core.internal.DeliveryMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The message bookkeeping of a {@link ReceiveStream}: which messages are known, where they lie in the
 * stream, how far they are complete, which are ready for the application, and the consumed prefix. The
 * stream validates frames against limits before calling in here; this class reports layout contradictions
 * as text and leaves the decision (and the error code) to the stream.
 *
 * <p>Three positions move forward only: the <em>consumed</em> prefix (every message below it polled or
 * abandoned), the <em>frontier</em> (every message below it complete or abandoned; ordered modes queue
 * messages for delivery as it passes them) and the latest <em>skip</em> (every incomplete message below it
 * abandoned). consumed ≤ frontier, and ids below the skip that were never seen count as abandoned.
 */
final class MessageReassembly {
    private final DeliveryMode mode;
    private final long reassemblyTimeoutNanos;
    private final ByteBufAllocator allocator;

    /** Known messages at or above {@link #consumedId}, by id. */
    private final TreeMap<Long, InboundMessage> messages = new TreeMap<>();
    /** BEST_EFFORT: incomplete messages in arrival order, which is also deadline order. */
    private final LinkedHashMap<Long, InboundMessage> reassembling = new LinkedHashMap<>();
    private final ArrayDeque<InboundMessage> ready = new ArrayDeque<>();

    private long consumedId;
    /** The message_offset of message {@link #consumedId}. */
    private long consumedOffset;
    private long frontierId;
    private long skipId;
    /** The message_offset of message {@link #skipId}. */
    private long skipOffset;
    private long lastNowNanos = Long.MIN_VALUE;
    private long bufferedBytes;
    /**
     * The message the last fragment went to: fragments of one message arrive one after the other, and this saves a
     * boxed-key lookup per fragment. Valid only at or above {@link #consumedId} (below it messages leave the map).
     */
    private InboundMessage lastStored;

    MessageReassembly(DeliveryMode mode, long reassemblyTimeoutNanos, ByteBufAllocator allocator) {
        this.mode = mode;
        this.reassemblyTimeoutNanos = reassemblyTimeoutNanos;
        this.allocator = allocator;
    }

    long consumedId() {
        return consumedId;
    }

    long consumedOffset() {
        return consumedOffset;
    }

    long frontierId() {
        return frontierId;
    }

    long skipId() {
        return skipId;
    }

    long skipOffset() {
        return skipOffset;
    }

    long bufferedBytes() {
        return bufferedBytes;
    }

    int trackedMessageCount() {
        return messages.size();
    }

    boolean hasMessage() {
        return !ready.isEmpty();
    }

    long nextTimeoutNanos() {
        return reassembling.isEmpty() ? Long.MAX_VALUE : reassembling.values().iterator().next().reassemblyDeadline;
    }

    /**
     * Whether message {@code id} occupying {@code [offset, offset + length)} agrees with everything known;
     * returns null if so, otherwise what it contradicts.
     */
    String contradiction(long id, long offset, long length, boolean compressed) {
        InboundMessage known = known(id);
        if (known != null) {
            if (known.offset != offset || known.length != length || known.compressed != compressed) {
                return "earlier fragments of message " + id + " said offset " + known.offset + ", length "
                        + known.length + ", compressed " + known.compressed;
            }
            return null;
        }
        String start = boundaryContradiction(id, offset);
        if (start != null) {
            return start;
        }
        long end = offset + length;
        if ((id < consumedId && end > consumedOffset) || (id < skipId && end > skipOffset)) {
            return "it overlaps the consumed or skipped prefix";
        }
        Map.Entry<Long, InboundMessage> higher = messages.higherEntry(id);
        if (higher != null && (higher.getKey() == id + 1 ? end != higher.getValue().offset
                : end > higher.getValue().offset)) {
            return "message " + higher.getKey() + " starts at " + higher.getValue().offset;
        }
        return null;
    }

    /**
     * Whether "message {@code id} starts at {@code offset}" agrees with the consumed prefix, the latest skip
     * and the known messages around it; returns null if so, otherwise what it contradicts.
     */
    String boundaryContradiction(long id, long offset) {
        if (id < consumedId ? offset > consumedOffset : id == consumedId ? offset != consumedOffset
                : offset < consumedOffset) {
            return "message " + consumedId + " starts at " + consumedOffset;
        }
        if (id < skipId ? offset > skipOffset : id == skipId ? offset != skipOffset : offset < skipOffset) {
            return "the skip to message " + skipId + " at " + skipOffset;
        }
        Map.Entry<Long, InboundMessage> lower = messages.lowerEntry(id);
        if (lower != null && (lower.getKey() == id - 1 ? lower.getValue().end() != offset
                : lower.getValue().end() > offset)) {
            return "message " + lower.getKey() + " ends at " + lower.getValue().end();
        }
        Map.Entry<Long, InboundMessage> atOrAbove = messages.ceilingEntry(id);
        if (atOrAbove != null && (atOrAbove.getKey() == id ? atOrAbove.getValue().offset != offset
                : atOrAbove.getValue().offset < offset)) {
            return "message " + atOrAbove.getKey() + " starts at " + atOrAbove.getValue().offset;
        }
        return null;
    }

    /** Stores the new bytes of a validated fragment; does not take ownership of its data. */
    void store(long id, long messageOffset, long messageLength, long fragmentOffset, ByteBuf data, int dataIndex,
            int count, boolean compressed, long nowNanos) {
        if (id < consumedId) {
            return; // long finished: a late duplicate
        }
        InboundMessage m = known(id);
        boolean isNew = m == null;
        if (isNew) {
            if (id < skipId) {
                return; // abandoned by a skip before any of it arrived
            }
            lastNowNanos = Math.max(lastNowNanos, nowNanos); // keeps deadlines in arrival order
            long deadline = mode != DeliveryMode.BEST_EFFORT ? Long.MAX_VALUE
                    : lastNowNanos > Long.MAX_VALUE - reassemblyTimeoutNanos ? Long.MAX_VALUE
                    : lastNowNanos + reassemblyTimeoutNanos;
            m = new InboundMessage(id, messageOffset, (int) messageLength, compressed, deadline);
            messages.put(id, m);
        }
        lastStored = m;
        if (m.state != InboundMessage.State.RECEIVING) {
            return; // complete, delivered or abandoned: a duplicate
        }
        bufferedBytes += m.write(data, dataIndex, count, (int) fragmentOffset, allocator);
        if (m.isComplete()) {
            m.state = InboundMessage.State.COMPLETE;
            reassembling.remove(id);
            if (!mode.isOrdered()) {
                m.state = InboundMessage.State.QUEUED;
                ready.addLast(m);
            }
            advanceFrontier();
        } else if (isNew && mode == DeliveryMode.BEST_EFFORT) {
            reassembling.put(id, m);
        }
    }

    /** Applies a validated skip that moves forward: incomplete messages below {@code id} are abandoned. */
    void skip(long id, long offset) {
        for (InboundMessage m : messages.subMap(skipId, true, id, false).values()) {
            if (m.state == InboundMessage.State.RECEIVING) {
                abandon(m);
            }
        }
        skipId = id;
        skipOffset = offset;
        advanceFrontier();
        advancePrefix();
    }

    /** BEST_EFFORT: abandons incomplete messages whose reassembly deadline has passed. */
    void onTimeout(long nowNanos) {
        boolean dropped = false;
        for (Iterator<InboundMessage> it = reassembling.values().iterator(); it.hasNext(); ) {
            InboundMessage m = it.next();
            if (m.reassemblyDeadline > nowNanos) {
                break;
            }
            it.remove();
            abandon(m);
            dropped = true;
        }
        if (dropped) {
            advanceFrontier();
            advancePrefix();
        }
    }

    /** The next ready message, or null; the caller owns the returned message's data. */
    ReceivedMessage poll(long streamId) {
        InboundMessage m = ready.pollFirst();
        if (m == null) {
            return null;
        }
        bufferedBytes -= m.heldBytes();
        ByteBuf data = m.takeData();
        m.state = InboundMessage.State.DONE;
        advancePrefix();
        return new ReceivedMessage(streamId, m.id, data, m.compressed);
    }

    /** The known message {@code id}, or null. */
    private InboundMessage known(long id) {
        InboundMessage last = lastStored;
        if (last != null && last.id == id && id >= consumedId) {
            return last;
        }
        return messages.get(id);
    }

    /** Releases every buffer and forgets every message; the positions stay. */
    void dropAll() {
        lastStored = null;
        for (InboundMessage m : messages.values()) {
            m.releaseData();
        }
        messages.clear();
        reassembling.clear();
        ready.clear();
        bufferedBytes = 0;
    }

    /** Everything below {@code offset} counts as consumed (the stream was reset). */
    void consumeUpTo(long offset) {
        consumedOffset = Math.max(consumedOffset, offset);
    }

    private void abandon(InboundMessage m) {
        bufferedBytes -= m.releaseData();
        m.state = InboundMessage.State.DONE;
        reassembling.remove(m.id);
    }

    /** Moves the frontier over complete and abandoned messages, queueing ordered ones for delivery. */
    private void advanceFrontier() {
        while (true) {
            InboundMessage m = messages.get(frontierId);
            if (m == null) {
                if (frontierId >= skipId) {
                    return;
                }
                Long next = messages.ceilingKey(frontierId); // ids in between were skipped unseen
                frontierId = next == null ? skipId : Math.min(next, skipId);
                continue;
            }
            if (m.state == InboundMessage.State.RECEIVING) {
                return;
            }
            if (m.state == InboundMessage.State.COMPLETE) {
                m.state = InboundMessage.State.QUEUED;
                ready.addLast(m);
            }
            frontierId++;
        }
    }

    /** Moves the consumed prefix over polled and abandoned messages, forgetting them. */
    private void advancePrefix() {
        while (true) {
            InboundMessage m = messages.get(consumedId);
            if (m != null) {
                if (m.state != InboundMessage.State.DONE) {
                    consumedOffset = Math.max(consumedOffset, m.offset);
                    return;
                }
                consumedOffset = m.end();
                messages.remove(consumedId);
                consumedId++;
                continue;
            }
            if (consumedId >= skipId) {
                return;
            }
            Long next = messages.ceilingKey(consumedId); // ids in between were skipped unseen
            if (next != null && next < skipId) {
                consumedId = next;
            } else {
                consumedId = skipId;
                consumedOffset = Math.max(consumedOffset, skipOffset);
            }
        }
    }
}
