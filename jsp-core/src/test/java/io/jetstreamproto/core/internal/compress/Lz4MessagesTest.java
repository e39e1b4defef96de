package io.jetstreamproto.core.internal.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Lz4MessagesTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static byte[] text(int size) {
        String words = "the quick brown fox jumps over the lazy dog while the chat server relays messages ";
        StringBuilder b = new StringBuilder();
        Random r = new Random(1);
        while (b.length() < size) {
            b.append(words, 0, 10 + r.nextInt(words.length() - 10));
        }
        return b.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }

    @Test
    void textRoundTripsAndShrinks() {
        byte[] original = text(64 * 1024);
        ByteBuf in = Unpooled.wrappedBuffer(original);
        ByteBuf c = Lz4Messages.compressIfSmaller(in, ALLOC);
        try {
            assertThat(c).isNotNull();
            assertThat(c.readableBytes()).isLessThan(original.length / 2);
            assertThat(in.readerIndex()).isZero();
            ByteBuf d = Lz4Messages.decompress(c, 1 << 20, ALLOC);
            try {
                assertThat(bytes(d)).isEqualTo(original);
            } finally {
                d.release();
            }
        } finally {
            c.release();
            in.release();
        }
    }

    @Test
    void randomBytesAreNotWorthIt() {
        byte[] random = new byte[4096];
        new Random(2).nextBytes(random);
        ByteBuf in = Unpooled.wrappedBuffer(random);
        try {
            assertThat(Lz4Messages.compressIfSmaller(in, ALLOC)).isNull();
        } finally {
            in.release();
        }
    }

    @Test
    void aDecompressionBombIsRefusedBeforeAnyAllocation() {
        ByteBuf bomb = Unpooled.buffer();
        Varint.write(bomb, 1L << 40);
        bomb.writeBytes(new byte[] {0x1F, 0, 1, 0});
        try {
            assertThatThrownBy(() -> Lz4Messages.decompress(bomb, 16 << 20, ALLOC))
                    .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("declares")
                    .satisfies(e -> assertThat(((ProtocolViolationException) e).errorCode())
                            .isEqualTo(ProtocolError.COMPRESSION_ERROR.code()));
        } finally {
            bomb.release();
        }
    }

    @Test
    void malformedOrLyingBlocksAreTypedErrorsForEverySeededInput() {
        byte[] original = text(2000);
        ByteBuf in = Unpooled.wrappedBuffer(original);
        ByteBuf good = Lz4Messages.compressIfSmaller(in, ALLOC);
        byte[] valid = bytes(good);
        good.release();
        in.release();
        Random r = new Random(3);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bad = valid.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bad[r.nextInt(bad.length)] ^= (byte) (1 + r.nextInt(255));
            }
            if (r.nextBoolean()) {
                bad = java.util.Arrays.copyOf(bad, 1 + r.nextInt(bad.length));
            }
            ByteBuf b = Unpooled.wrappedBuffer(bad);
            try {
                ByteBuf d = Lz4Messages.decompress(b, 1 << 20, ALLOC);
                assertThat(d.readableBytes()).isLessThanOrEqualTo(1 << 20); // a corrupted but valid block is possible
                d.release();
            } catch (ProtocolViolationException e) {
                rejected++;
            } finally {
                b.release();
            }
        }
        assertThat(rejected).isGreaterThan(10_000);
    }
}
