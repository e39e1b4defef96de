package io.jetstreamproto.core.internal.frame;

import static io.jetstreamproto.core.internal.frame.FrameTestSupport.assertSameFrame;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.decodeAll;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.decodeOne;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.encode;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.encodeFast;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.hex;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.release;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.releaseAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Encoding of every frame of docs/PROTOCOL.md §8 and its round trip through {@link FrameDecoder}. */
class FramesTest {

    @Test
    void everySampleRoundTripsAndCoversEveryType() {
        List<Frame> samples = FrameTestSupport.samples();
        Set<FrameType> seen = EnumSet.noneOf(FrameType.class);
        try {
            for (Frame f : samples) {
                seen.add(f.type());
                Frame back = decodeOne(encode(f));
                try {
                    assertSameFrame(back, f);
                    assertThat(back.encodedLength()).isEqualTo(f.encodedLength());
                } finally {
                    release(back);
                }
            }
        } finally {
            releaseAll(samples);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(FrameType.class));
    }

    @Test
    void randomFramesOfEveryTypeRoundTripWithPredictedLength() {
        Random rnd = new Random(0x5EED);
        for (int i = 0; i < 20_000; i++) {
            FrameType type = FrameType.values()[i % FrameType.values().length];
            Frame f = FrameTestSupport.randomFrame(type, rnd);
            try {
                byte[] bytes = encodeFast(f);
                Frame back = decodeOne(bytes);
                try {
                    assertSameFrame(back, f);
                    assertThat(encodeFast(back)).isEqualTo(bytes); // shortest forms: canonical
                } finally {
                    release(back);
                }
            } finally {
                release(f);
            }
        }
    }

    @Test
    void aPacketOfManyFramesDecodesInOrder() {
        Random rnd = new Random(3);
        for (int round = 0; round < 300; round++) {
            List<Frame> frames = new ArrayList<>();
            List<byte[]> parts = new ArrayList<>();
            int n = 1 + rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                FrameType type = FrameType.values()[rnd.nextInt(FrameType.values().length)];
                if (type == FrameType.PADDING && i < n - 1) {
                    type = FrameType.PING; // padding swallows the zero bytes after it; keep it last
                }
                Frame f = FrameTestSupport.randomFrame(type, rnd);
                frames.add(f);
                parts.add(encodeFast(f));
            }
            List<Frame> decoded = decodeAll(FrameTestSupport.concat(parts.toArray(new byte[0][])));
            try {
                assertThat(decoded).hasSameSizeAs(frames);
                for (int i = 0; i < n; i++) {
                    assertSameFrame(decoded.get(i), frames.get(i));
                }
            } finally {
                releaseAll(decoded);
                releaseAll(frames);
            }
        }
    }

    // ---- hand-computed wire layouts (docs/PROTOCOL.md §8.1, §8.3, §8.6) ----

    @Test
    void ackWithTwoRangesHasTheQuicLayout() {
        // packets 95..100 and 80..90 acknowledged, ack delay 1000 us
        AckFrame ack = AckFrame.of(1000, new long[][] {{95, 100}, {80, 90}});
        byte[] expected = hex("02" // type ACK
                + "4064" // largest 100: 2-byte varint
                + "43e8" // ack_delay 1000 us: 2-byte varint
                + "01" // range_count: ranges after the first
                + "05" // first_range: 100 - 95
                + "03" // gap: next largest 90 = 95 - gap - 2
                + "0a"); // range_length: 90 - 80
        assertThat(hex(encode(ack))).isEqualTo(hex(expected));
        assertThat(ack.encodedLength()).isEqualTo(9);
        AckFrame back = (AckFrame) decodeOne(expected);
        assertThat(back.rangeCount()).isEqualTo(2);
        assertThat(back.largestAcknowledged()).isEqualTo(100);
        assertThat(back.smallest(0)).isEqualTo(95);
        assertThat(back.largest(1)).isEqualTo(90);
        assertThat(back.smallest(1)).isEqualTo(80);
        assertThat(back.ackDelayMicros()).isEqualTo(1000);
        assertThat(back).hasToString("ACK[delay=1000us 95-100 80-90]");
    }

    @Test
    void ackOfSingleNumbersSeparatedByOneMissingPacket() {
        // 10, 8, 6: each gap 0 (next largest = previous smallest - 2), each range_length 0
        AckFrame ack = AckFrame.of(0, new long[][] {{10, 10}, {8, 8}, {6, 6}});
        assertThat(hex(encode(ack))).isEqualTo("020a0002" + "00" + "0000" + "0000");
    }

    @Test
    void streamFrameWithOffsetsAndCompressedFlag() {
        ByteBuf data = Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII);
        try {
            Frames.StreamFrame f = new Frames.StreamFrame(4, 1, 300, 10, 7, data, true);
            byte[] expected = hex("09" // 0x08 | COMPRESSED
                    + "04" // stream_id
                    + "01" // message_id
                    + "412c" // message_offset 300
                    + "0a" // message_length 10
                    + "07" // fragment_offset 7
                    + "03" // fragment_length
                    + "616263");
            assertThat(hex(encode(f))).isEqualTo(hex(expected));
            assertThat(data.readerIndex()).as("encoding does not consume the data").isZero();
            assertThat(data.refCnt()).as("encoding neither retains nor releases").isOne();
            Frames.StreamFrame back = (Frames.StreamFrame) decodeOne(expected);
            try {
                assertThat(back.compressed()).isTrue();
                assertThat(back.length()).isEqualTo(3);
                assertThat(back.data().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
                assertThat(back).isEqualTo(f);
                assertThat(back).hasToString("STREAM[4 msg 1 @300+10 frag 7+3 lz4]");
            } finally {
                back.data().release();
            }
            Frames.StreamFrame plain = new Frames.StreamFrame(4, 1, 300, 10, 7, data, false);
            assertThat(encode(plain)[0]).isEqualTo((byte) 0x08);
        } finally {
            data.release();
        }
    }

    @Test
    void streamFrameWithEightByteOffsetsAndEmptyLastFragment() {
        // The protocol has no FIN bit (STREAM_CLOSE ends a stream): an empty fragment at the message's end is legal.
        Frames.StreamFrame f = new Frames.StreamFrame(1L << 30, 0, 1L << 32, 64, 64, Unpooled.EMPTY_BUFFER, false);
        assertThat(hex(encode(f))).isEqualTo("08" + "c000000040000000" + "00" + "c000000100000000" + "4040" + "4040"
                + "00");
    }

    @Test
    void remainingFixedLayouts() {
        assertThat(hex(encode(new Frames.ResetStream(4, 17, 1_000_000)))).isEqualTo("04" + "04" + "11" + "800f4240");
        assertThat(hex(encode(new Frames.StopSending(8, 0)))).isEqualTo("050800");
        assertThat(hex(encode(new Frames.MaxData(16_384)))).isEqualTo("10" + "80004000");
        assertThat(hex(encode(new Frames.MaxStreamData(1, 2)))).isEqualTo("110102");
        assertThat(hex(encode(new Frames.MaxStreams(100)))).isEqualTo("12" + "4064");
        assertThat(hex(encode(new Frames.DataBlocked(Varint.MAX_VALUE)))).isEqualTo("14" + "ffffffffffffffff");
        assertThat(hex(encode(new Frames.StreamDataBlocked(3, 63)))).isEqualTo("15033f");
        assertThat(hex(encode(new Frames.StreamsBlocked(64)))).isEqualTo("16" + "4040");
        assertThat(hex(encode(new Frames.StreamSkip(2, 5, 1000)))).isEqualTo("180205" + "43e8");
        assertThat(hex(encode(new Frames.StreamClose(2, 5, 1000)))).isEqualTo("190205" + "43e8");
        assertThat(hex(encode(new Frames.Heartbeat(7)))).isEqualTo("1a07");
        assertThat(hex(encode(new Frames.HeartbeatAck(7)))).isEqualTo("1b07");
        assertThat(hex(encode(new Frames.ConnectionClose(2, 1, "hi")))).isEqualTo("1c" + "02" + "01" + "02" + "6869");
        assertThat(hex(encode(new Frames.Rehandshake(1, 2, new byte[] {(byte) 0xAB}))))
                .isEqualTo("20" + "01" + "02" + "01" + "ab");
        assertThat(hex(encode(new Frames.Ping()))).isEqualTo("01");
        assertThat(hex(encode(new Frames.Padding(3)))).isEqualTo("000000");
    }

    @Test
    void decodersAcceptNonShortestVarints() {
        // §1: "decoders MUST accept any form"
        Frame f = decodeOne(hex("10" + "c000000000000005"));
        assertThat(f).isEqualTo(new Frames.MaxData(5));
        assertThat(f.encodedLength()).isEqualTo(2);
        assertThat(decodeOne(hex("4001"))).isEqualTo(new Frames.Ping()); // the type itself as a 2-byte varint
        assertThat(decodeOne(hex("8000001a" + "4007"))).isEqualTo(new Frames.Heartbeat(7));
        Frames.StreamFrame s = (Frames.StreamFrame) decodeOne(hex("4009" + "00" + "00" + "00" + "4001" + "00" + "4001"
                + "ff"));
        try {
            assertThat(s.compressed()).isTrue();
            assertThat(s.messageLength()).isEqualTo(1);
            assertThat(s.data().getByte(0)).isEqualTo((byte) 0xFF);
        } finally {
            s.data().release();
        }
    }

    @Test
    void paddingIsOneFrameForARunOfZeros() {
        List<Frame> frames = decodeAll(hex("0000000001000000"));
        assertThat(frames).containsExactly(new Frames.Padding(4), new Frames.Ping(), new Frames.Padding(3));
        assertThat(decodeAll(hex("00"))).containsExactly(new Frames.Padding(1));
        assertThatThrownBy(() -> new Frames.Padding(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Frames.Padding(5).ackEliciting()).isFalse();
    }

    // ---- constructors validate what they encode ----

    @Test
    void varintFieldsOutsideTheirRangeAreRejected() {
        for (long bad : new long[] {-1, Varint.MAX_VALUE + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> new Frames.MaxData(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.ResetStream(0, 0, bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.StopSending(bad, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.StreamSkip(0, bad, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.StreamClose(0, 0, bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.Heartbeat(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.HeartbeatAck(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.ConnectionClose(0, bad, "")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.Rehandshake(0, bad, new byte[0]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.StreamFrame(bad, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Frames.ConnectionClose(-1, 0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Frames.Rehandshake(-1, 0, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamFrameMustLieInsideItsMessage() {
        ByteBuf four = Unpooled.wrappedBuffer(new byte[4]);
        try {
            assertThat(new Frames.StreamFrame(0, 0, 0, 10, 6, four, false).length()).isEqualTo(4);
            assertThatThrownBy(() -> new Frames.StreamFrame(0, 0, 0, 10, 7, four, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Frames.StreamFrame(0, 0, Varint.MAX_VALUE - 9, 10, 0, four, false))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(new Frames.StreamFrame(0, 0, Varint.MAX_VALUE - 10, 10, 0, four, false).messageOffset())
                    .isEqualTo(Varint.MAX_VALUE - 10);
        } finally {
            four.release();
        }
    }

    @Test
    void connectionClosePhraseIsTruncatedToWholeCharactersWithin256Bytes() {
        assertThat(new Frames.ConnectionClose(0, 0, null).phrase()).isEmpty();
        String ascii = "x".repeat(300);
        assertThat(new Frames.ConnectionClose(0, 0, ascii).phrase()).isEqualTo("x".repeat(256));
        String exact = "y".repeat(256);
        assertThat(new Frames.ConnectionClose(0, 0, exact).phrase()).isSameAs(exact);
        // 2-byte characters: 128 of them fill 256 bytes exactly
        assertThat(new Frames.ConnectionClose(0, 0, "\u00e9".repeat(150)).phrase()).isEqualTo("\u00e9".repeat(128));
        // 3-byte characters: the 86th would end at byte 258, so 85 (255 bytes) remain
        assertThat(new Frames.ConnectionClose(0, 0, "\u20ac".repeat(100)).phrase()).isEqualTo("\u20ac".repeat(85));
        // a 4-byte character straddling byte 256 is dropped whole
        String straddling = "a".repeat(254) + "\uD83D\uDE00" + "b";
        assertThat(new Frames.ConnectionClose(0, 0, straddling).phrase()).isEqualTo("a".repeat(254));
        for (String s : new String[] {ascii, "\u00e9".repeat(150), "\u20ac".repeat(100), straddling}) {
            Frames.ConnectionClose c = new Frames.ConnectionClose(3, 0, s);
            assertThat(FrameTestSupport.utf8Length(c.phrase())).isLessThanOrEqualTo(Frames.ConnectionClose.MAX_PHRASE);
            assertThat(decodeOne(encode(c))).isEqualTo(c);
        }
    }

    @Test
    void rehandshakeDataIsAtMost16KiB() {
        assertThat(new Frames.Rehandshake(0, 0, new byte[Frames.Rehandshake.MAX_DATA]).encodedLength())
                .isEqualTo(1 + 1 + 1 + 4 + 16_384); // 16384 needs a 4-byte varint
        assertThatThrownBy(() -> new Frames.Rehandshake(0, 0, new byte[Frames.Rehandshake.MAX_DATA + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
