package io.jetstreamproto.crypto.internal.aead;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

/** The kinds of {@link ByteBuf} a {@link PacketCipher} must handle, built from given content (test helper). */
enum BufferKind {
    /** Heap buffer with array offset 0: the in-place fast path. */
    HEAP,
    /** Heap slice whose backing array starts 13 bytes before index 0 (arrayOffset() != 0). */
    HEAP_WITH_ARRAY_OFFSET,
    /** Pooled direct buffer: the scratch-array path. */
    DIRECT,
    /** Composite of a heap, a direct and a heap component (no single backing array). */
    COMPOSITE;

    /** A buffer holding {@code content} at indexes {@code [0, content.length)}, writer index at the end. Release it. */
    ByteBuf of(byte[] content) {
        switch (this) {
            case HEAP:
                return Unpooled.buffer(content.length).writeBytes(content);
            case HEAP_WITH_ARRAY_OFFSET: {
                byte[] padded = new byte[content.length + 20];
                System.arraycopy(content, 0, padded, 13, content.length);
                ByteBuf b = Unpooled.wrappedBuffer(padded, 13, content.length);
                if (content.length > 0 && b.arrayOffset() != 13) {
                    throw new AssertionError("expected a slice with array offset 13");
                }
                return b;
            }
            case DIRECT:
                return PooledByteBufAllocator.DEFAULT.directBuffer(content.length).writeBytes(content);
            case COMPOSITE: {
                int a = content.length / 3;
                int b = 2 * content.length / 3;
                CompositeByteBuf c = Unpooled.compositeBuffer();
                c.addComponent(true, Unpooled.buffer(a).writeBytes(content, 0, a));
                c.addComponent(true, PooledByteBufAllocator.DEFAULT.directBuffer(b - a).writeBytes(content, a, b - a));
                c.addComponent(true, Unpooled.buffer(content.length - b).writeBytes(content, b, content.length - b));
                return c;
            }
            default:
                throw new AssertionError(this);
        }
    }

    /** The bytes {@code [from, from + length)} of {@code buf}. */
    static byte[] read(ByteBuf buf, int from, int length) {
        return ByteBufUtil.getBytes(buf, from, length);
    }
}
