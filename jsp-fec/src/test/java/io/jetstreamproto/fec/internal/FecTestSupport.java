package io.jetstreamproto.fec.internal;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.Random;

/** Helpers shared by the FEC tests. */
final class FecTestSupport {
    private FecTestSupport() {
    }

    /** A random "sealed packet" of {@code min..max} bytes. */
    static byte[] randomPacket(Random random, int min, int max) {
        byte[] packet = new byte[min + random.nextInt(max - min + 1)];
        random.nextBytes(packet);
        return packet;
    }

    /** Wraps bytes without copying; not tracked by the leak detector, released by callers anyway. */
    static ByteBuf wrap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    /** The readable bytes of a buffer, without changing its indices. */
    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** The encoded repair payload (header then parity) as a byte array. */
    static byte[] encode(RepairPacket packet) {
        ByteBuf out = Unpooled.buffer(packet.encodedLength());
        try {
            packet.writeTo(out);
            return bytes(out);
        } finally {
            out.release();
        }
    }

    /** Feeds one packet to the encoder through a temporary wrapper, as a caller would. */
    static void send(FecEncoder encoder, long pn, byte[] packet, long now) {
        ByteBuf buf = wrap(packet);
        try {
            encoder.onPacketSent(pn, buf, now);
        } finally {
            buf.release();
        }
    }

    /** Feeds one received data packet to the decoder. */
    static void receive(FecDecoder decoder, long pn, byte[] packet, long now) {
        ByteBuf buf = wrap(packet);
        try {
            decoder.onPacketReceived(pn, buf, now);
        } finally {
            buf.release();
        }
    }

    /** Feeds one encoded repair payload to the decoder. */
    static boolean receiveRepair(FecDecoder decoder, byte[] payload, long now) {
        ByteBuf buf = wrap(payload);
        try {
            return decoder.onRepairPacket(buf, now);
        } finally {
            buf.release();
        }
    }

    /**
     * A heap allocator that counts the buffers it creates. Its buffers are leak-tracked like those of Netty's own
     * allocators, so the module's leak check covers them.
     */
    static final class CountingAllocator extends AbstractByteBufAllocator {
        long allocations;

        CountingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            allocations++;
            return toLeakAwareBuffer(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    /**
     * A heap allocator that knows how many of its buffers are still unreleased. Used by the long simulations:
     * it checks release exactly and deterministically, where paranoid leak tracking of 100,000 buffers would
     * cost seconds of stack traces. (Buffers are not leak-tracked, so an unbalanced release is caught by
     * {@link #live()} rather than by the leak check.)
     */
    static final class LiveCountingAllocator extends AbstractByteBufAllocator {
        private long allocations;
        private long live;

        LiveCountingAllocator() {
            super(false);
        }

        long allocations() {
            return allocations;
        }

        long live() {
            return live;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            allocations++;
            live++;
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
                @Override
                protected void deallocate() {
                    live--;
                    super.deallocate();
                }
            };
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}
