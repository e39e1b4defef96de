package io.jetstreamproto.fec.internal;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Copies of recently received sealed packets, kept so that a later repair shard can use them as data shards.
 * Bounded by count and by bytes; when a bound is hit the packet inserted longest ago is dropped first.
 *
 * <p>Lookup is direct-mapped ({@code pn mod capacity}), insertion order is a ring of packet numbers, so every
 * operation is O(1) and the structure is constant-size apart from the stored copies: at most {@code capacity}
 * packets and {@code maxBytes} bytes of payload.
 */
final class PacketStore {
    private final int capacity;
    private final long maxBytes;
    private final long[] slotPn;
    private final byte[][] slotData;
    /** Insertion order: packet numbers, oldest at {@code head}. */
    private final long[] fifo;
    private int head;
    /** Entries in {@code fifo}, including ones whose packet was already replaced. */
    private int count;
    private int stored;
    private long bytes;

    PacketStore(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.slotPn = new long[capacity];
        Arrays.fill(slotPn, -1L);
        this.slotData = new byte[capacity][];
        this.fifo = new long[capacity];
    }

    /** Number of packets stored. */
    int size() {
        return stored;
    }

    /** Payload bytes stored. */
    long bytes() {
        return bytes;
    }

    /** Stores a copy of the readable bytes of {@code packet} under {@code pn}, evicting as needed. */
    void put(long pn, ByteBuf packet) {
        int length = packet.readableBytes();
        if (length > maxBytes) {
            return;
        }
        int slot = slot(pn);
        if (slotData[slot] != null) {
            if (slotPn[slot] > pn) {
                return; // a newer packet holds the slot; this one is too old to be worth keeping
            }
            remove(slot);
        }
        while (count == capacity || bytes + length > maxBytes) {
            evictOldest();
        }
        byte[] copy = new byte[length];
        packet.getBytes(packet.readerIndex(), copy);
        slotPn[slot] = pn;
        slotData[slot] = copy;
        bytes += length;
        stored++;
        fifo[(head + count) % capacity] = pn;
        count++;
    }

    /** The stored copy for {@code pn}, or null. The caller must not modify it. */
    byte[] get(long pn) {
        int slot = slot(pn);
        return slotPn[slot] == pn ? slotData[slot] : null;
    }

    private int slot(long pn) {
        return (int) Math.floorMod(pn, (long) capacity);
    }

    private void remove(int slot) {
        bytes -= slotData[slot].length;
        stored--;
        slotData[slot] = null;
        slotPn[slot] = -1L;
        // Its fifo entry stays and is skipped when reached: it no longer matches a slot.
    }

    /** Drops the entry inserted longest ago (entries already removed are just popped). */
    private void evictOldest() {
        long pn = fifo[head];
        head = (head + 1) % capacity;
        count--;
        int slot = slot(pn);
        if (slotPn[slot] == pn) {
            remove(slot);
        }
    }
}
