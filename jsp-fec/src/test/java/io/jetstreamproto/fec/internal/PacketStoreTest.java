package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacketStoreTest {

    private static void put(PacketStore store, long pn, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            store.put(pn, buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void keepsCopiesAndEvictsTheOldestByCount() {
        PacketStore store = new PacketStore(3, 1000);
        byte[] a = {1, 2, 3};
        put(store, 10, a);
        a[0] = 9; // stored as a copy
        assertThat(store.get(10)).containsExactly(1, 2, 3);
        put(store, 11, new byte[] {4});
        put(store, 12, new byte[] {5});
        put(store, 13, new byte[] {6});
        assertThat(store.get(10)).isNull();
        assertThat(store.get(11)).containsExactly(4);
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.bytes()).isEqualTo(3);
    }

    @Test
    void evictsTheOldestByBytes() {
        PacketStore store = new PacketStore(100, 10);
        put(store, 1, new byte[4]);
        put(store, 2, new byte[4]);
        put(store, 3, new byte[4]); // 12 > 10: packet 1 goes
        assertThat(store.get(1)).isNull();
        assertThat(store.bytes()).isEqualTo(8);
        put(store, 4, new byte[11]); // larger than the whole store: not kept
        assertThat(store.get(4)).isNull();
        put(store, 5, new byte[10]);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.get(5)).hasSize(10);
    }

    @Test
    void aSlotCollisionKeepsTheNewerPacket() {
        PacketStore store = new PacketStore(4, 1000);
        put(store, 8, new byte[] {8});
        put(store, 4, new byte[] {4}); // same slot, older: dropped
        assertThat(store.get(4)).isNull();
        assertThat(store.get(8)).containsExactly(8);
        put(store, 12, new byte[] {12}); // same slot, newer: replaces
        assertThat(store.get(8)).isNull();
        assertThat(store.get(12)).containsExactly(12);
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.bytes()).isEqualTo(1);
    }

    /** Random inserts against a simple FIFO model: bounds always hold and what is kept is retrievable. */
    @Test
    void boundsHoldUnderRandomInserts() {
        long seed = 0x5EED_0801L;
        Random random = new Random(seed);
        PacketStore store = new PacketStore(16, 4000);
        ArrayDeque<Long> recent = new ArrayDeque<>();
        long pn = 0;
        for (int step = 0; step < 20_000; step++) {
            pn += 1 + random.nextInt(3);
            byte[] bytes = new byte[1 + random.nextInt(600)];
            random.nextBytes(bytes);
            put(store, pn, bytes);
            assertThat(store.get(pn)).as("seed=%d step=%d newest is kept", seed, step).isEqualTo(bytes);
            assertThat(store.size()).isLessThanOrEqualTo(16);
            assertThat(store.bytes()).isLessThanOrEqualTo(4000);
            recent.add(pn);
            if (recent.size() > 16) {
                assertThat(store.get(recent.poll())).as("seed=%d step=%d", seed, step).isNull();
            }
        }
    }
}
