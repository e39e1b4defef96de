package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FecRepairHeaderTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Builds a raw 13-byte header followed by {@code parity} bytes, without validation. */
    private static byte[] raw(long firstPn, int k, int m, int index, int shardLength, int parity) {
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeLong(firstPn).writeByte(k).writeByte(m).writeByte(index).writeShort(shardLength);
            out.writeZero(parity);
            return FecTestSupport.bytes(out);
        } finally {
            out.release();
        }
    }

    private static void assertMalformed(byte[] bytes, String messagePart) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            assertThatThrownBy(() -> FecRepairHeader.decode(in)).isInstanceOf(FecFormatException.class)
                    .hasMessageContaining(messagePart);
            assertThat(in.readerIndex()).as("reader index unchanged on failure").isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void encodesTheDocumentedLayout() {
        FecRepairHeader header = new FecRepairHeader(0x0102030405060708L, 10, 2, 1, 1202);
        ByteBuf out = Unpooled.buffer();
        try {
            header.encode(out);
            assertThat(HEX.formatHex(FecTestSupport.bytes(out))).isEqualTo("0102030405060708" + "0a" + "02" + "01" + "04b2");
            assertThat(header.encodedLength()).isEqualTo(FecRepairHeader.HEADER_LENGTH).isEqualTo(13);
        } finally {
            out.release();
        }
    }

    @Test
    void decodeReadsTheHeaderAndLeavesParityAndTrailingBytes() {
        byte[] bytes = raw(42, 3, 2, 1, 5, 7); // 5 parity bytes + 2 trailing bytes of something else
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            FecRepairHeader header = FecRepairHeader.decode(in);
            assertThat(header).isEqualTo(new FecRepairHeader(42, 3, 2, 1, 5));
            assertThat(in.readerIndex()).isEqualTo(13);
            assertThat(in.readableBytes()).isEqualTo(7);
            assertThat(header.lastPn()).isEqualTo(44);
            assertThat(header.covers(41)).isFalse();
            assertThat(header.covers(42)).isTrue();
            assertThat(header.covers(44)).isTrue();
            assertThat(header.covers(45)).isFalse();
        } finally {
            in.release();
        }
    }

    @Test
    void extremesThatAreValid() {
        long maxFirst = FecRepairHeader.MAX_PACKET_NUMBER - 254;
        for (FecRepairHeader header : new FecRepairHeader[] {
            new FecRepairHeader(0, 1, 1, 0, 3),
            new FecRepairHeader(0, 255, 1, 0, 65535),
            new FecRepairHeader(0, 1, 255, 254, 3),
            new FecRepairHeader(maxFirst, 255, 1, 0, 3),
            new FecRepairHeader(FecRepairHeader.MAX_PACKET_NUMBER, 1, 1, 0, 3)}) {
            byte[] bytes = raw(header.firstPn(), header.dataCount(), header.parityCount(), header.parityIndex(),
                    header.shardLength(), header.shardLength());
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            try {
                assertThat(FecRepairHeader.decode(in)).isEqualTo(header);
            } finally {
                in.release();
            }
        }
    }

    @Test
    void everyMalformedInputIsAFecFormatException() {
        for (int length = 0; length < 13; length++) {
            assertMalformed(new byte[length], "truncated repair header");
        }
        assertMalformed(raw(0, 0, 2, 0, 10, 10), "data_count");
        assertMalformed(raw(0, 10, 0, 0, 10, 10), "parity_count");
        assertMalformed(raw(0, 10, 2, 2, 10, 10), "parity_index");
        assertMalformed(raw(0, 10, 2, 255, 10, 10), "parity_index");
        assertMalformed(raw(0, 200, 57, 0, 10, 10), "parity_count");
        assertMalformed(raw(0, 255, 2, 0, 10, 10), "parity_count");
        assertMalformed(raw(0, 10, 2, 0, 0, 10), "shard_length");
        assertMalformed(raw(0, 10, 2, 0, 2, 10), "shard_length");
        assertMalformed(raw(0, 10, 2, 0, 100, 99), "truncated parity");
        assertMalformed(raw(0, 10, 2, 0, 65535, 0), "truncated parity");
        assertMalformed(raw(-1L, 10, 2, 0, 10, 10), "first_pn");
        assertMalformed(raw(Long.MIN_VALUE, 1, 1, 0, 10, 10), "first_pn");
        assertMalformed(raw(1L << 62, 1, 1, 0, 10, 10), "first_pn");
        assertMalformed(raw(FecRepairHeader.MAX_PACKET_NUMBER - 8, 10, 2, 0, 10, 10), "first_pn");
    }

    @Test
    void constructorRejectsInvalidFieldsNamingThem() {
        assertThatThrownBy(() -> new FecRepairHeader(0, 0, 1, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data_count");
        assertThatThrownBy(() -> new FecRepairHeader(0, 1, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parity_count");
        assertThatThrownBy(() -> new FecRepairHeader(0, 1, 1, -1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parity_index");
        assertThatThrownBy(() -> new FecRepairHeader(0, 1, 1, 0, 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shard_length");
        assertThatThrownBy(() -> new FecRepairHeader(-5, 1, 1, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first_pn");
    }

    /**
     * Property: for any bytes, decode either returns a header whose re-encoding is the input's first 13 bytes,
     * or throws FecFormatException; nothing else. Half the inputs are built around plausible field values so that
     * both outcomes are well exercised.
     */
    @Test
    void randomBytesOnlyEverYieldAValidHeaderOrFecFormatException() {
        long seed = 0x5EED_0201L;
        Random random = new Random(seed);
        int decoded = 0;
        int rejected = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes;
            if (random.nextBoolean()) {
                bytes = new byte[random.nextInt(48)];
                random.nextBytes(bytes);
            } else {
                int shardLength = random.nextInt(40);
                long firstPn = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(1 << 20);
                bytes = raw(firstPn, random.nextInt(20), random.nextInt(20), random.nextInt(20), shardLength,
                        Math.max(0, shardLength + random.nextInt(7) - 3));
            }
            ByteBuf in = Unpooled.wrappedBuffer(bytes);
            try {
                FecRepairHeader header = FecRepairHeader.decode(in);
                decoded++;
                assertThat(in.readerIndex()).isEqualTo(13);
                assertThat(in.readableBytes()).as("seed=%d trial=%d", seed, trial)
                        .isGreaterThanOrEqualTo(header.shardLength());
                ByteBuf again = Unpooled.buffer();
                try {
                    header.encode(again);
                    byte[] prefix = new byte[13];
                    System.arraycopy(bytes, 0, prefix, 0, 13);
                    assertThat(FecTestSupport.bytes(again)).as("seed=%d trial=%d", seed, trial).isEqualTo(prefix);
                } finally {
                    again.release();
                }
            } catch (FecFormatException expected) {
                rejected++;
                assertThat(in.readerIndex()).isZero();
            } catch (RuntimeException other) {
                fail("seed=" + seed + " trial=" + trial + " input=" + HEX.formatHex(bytes) + " threw " + other, other);
            } finally {
                in.release();
            }
        }
        assertThat(decoded).as("seed=%d: some inputs decode", seed).isGreaterThan(1000);
        assertThat(rejected).as("seed=%d: some inputs are rejected", seed).isGreaterThan(1000);
    }
}
