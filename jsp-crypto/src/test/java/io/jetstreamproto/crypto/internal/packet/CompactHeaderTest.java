package io.jetstreamproto.crypto.internal.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactHeaderTest {
    private static final ConnectionId CID = ConnectionId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    @Test
    void rfc9000AppendixExamples() {
        // A.3: largest 0xa82f30ea, 16-bit truncated 0x9b32 -> 0xa82f9b32
        assertThat(CompactHeader.decodePacketNumber(0xa82f30eaL, 0x9b32, 16)).isEqualTo(0xa82f9b32L);
        // A.2: largest acknowledged 0xabe8b3: 0xac5c02 needs 2 bytes, 0xace8fe needs 3
        assertThat(CompactHeader.packetNumberLength(0xac5c02L, 0xabe8b3L)).isEqualTo(2);
        assertThat(CompactHeader.packetNumberLength(0xace8feL, 0xabe8b3L)).isEqualTo(3);
        assertThat(CompactHeader.packetNumberLength(0, -1)).isEqualTo(1);
        assertThat(CompactHeader.packetNumberLength(1L << 40, 0)).isZero();
    }

    @Test
    void roundTripsWithAndWithoutConnectionIdAtEveryLength() {
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            long largestAcked = r.nextInt(4) == 0 ? -1 : (r.nextLong() >>> 3) % (1L << 40);
            long pn = Math.max(0, largestAcked) + 1 + r.nextInt(1 << (1 + r.nextInt(20)));
            int length = CompactHeader.packetNumberLength(pn, largestAcked);
            if (length == 0) {
                continue;
            }
            boolean withCid = r.nextBoolean();
            boolean phase = r.nextBoolean();
            ByteBuf b = Unpooled.buffer();
            try {
                int n = CompactHeader.write(b, phase, CID, withCid, pn, length);
                assertThat(n).isEqualTo(b.readableBytes()).isEqualTo(1 + (withCid ? 4 : 0) + length);
                assertThat(CompactHeader.isCompact(b)).isTrue();
                assertThat(CompactHeader.peekCidPrefix(b)).isEqualTo(withCid ? CompactHeader.prefixOf(CID) : -1);
                // the receiver has seen anything from the largest acknowledged up to just below pn
                long largestReceived = largestAcked + r.nextInt((int) Math.min(Integer.MAX_VALUE, pn - largestAcked));
                ShortHeader h = CompactHeader.read(b, largestReceived);
                assertThat(h.packetNumber()).as("pn %d, largest acked %d, received %d", pn, largestAcked,
                        largestReceived).isEqualTo(pn);
                assertThat(h.keyPhase()).isEqualTo(phase);
                assertThat(b.isReadable()).isFalse();
            } finally {
                b.release();
            }
        }
    }

    @Test
    void theShortHeaderIsNeverTakenForACompactOne() {
        ByteBuf b = Unpooled.buffer();
        try {
            PacketCodec.writeShortHeader(b, true, CID, 77);
            assertThat(CompactHeader.isCompact(b)).isFalse();
        } finally {
            b.release();
        }
    }

    @Test
    void truncatedOrReservedBitsAreTypedErrors() {
        ByteBuf b = Unpooled.buffer();
        try {
            CompactHeader.write(b, false, CID, true, 1000, 2);
            ByteBuf cut = b.slice(0, 4);
            assertThatThrownBy(() -> CompactHeader.read(cut, 999)).isInstanceOf(PacketFormatException.class);
            b.setByte(0, b.getByte(0) | 0x08);
            assertThatThrownBy(() -> CompactHeader.read(b, 999)).isInstanceOf(PacketFormatException.class);
            assertThatThrownBy(() -> CompactHeader.read(Unpooled.EMPTY_BUFFER, 0))
                    .isInstanceOf(PacketFormatException.class);
        } finally {
            b.release();
        }
    }
}
