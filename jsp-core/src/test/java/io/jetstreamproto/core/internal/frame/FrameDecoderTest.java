package io.jetstreamproto.core.internal.frame;

import static io.jetstreamproto.core.internal.frame.FrameTestSupport.assertSameFrame;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.encode;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.encodeFast;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.hex;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.release;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.releaseAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed input: every failure is a {@link ProtocolViolationException} with FRAME_ENCODING_ERROR. */
class FrameDecoderTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            return assertThatThrownBy(() -> {
                Frame f = FrameDecoder.decode(in);
                release(f);
            }).as("decoding %s", hex(bytes)).isInstanceOfSatisfying(ProtocolViolationException.class,
                    e -> assertThat(e.error()).isEqualTo(ProtocolError.FRAME_ENCODING_ERROR));
        } finally {
            in.release();
        }
    }

    @Test
    void everyTruncationOfEveryFrameIsRejected() {
        List<Frame> samples = FrameTestSupport.samples();
        try {
            for (Frame f : samples) {
                if (f.type() == FrameType.PADDING) {
                    continue; // a shorter run of zeros is shorter padding
                }
                byte[] full = encode(f);
                for (int cut = 0; cut < full.length; cut++) {
                    assertRejected(Arrays.copyOf(full, cut));
                }
            }
        } finally {
            releaseAll(samples);
        }
    }

    @Test
    void truncatedRandomFramesAreRejected() {
        Random rnd = new Random(11);
        for (int i = 0; i < 3000; i++) {
            FrameType type = FrameType.values()[1 + i % (FrameType.values().length - 1)]; // not PADDING
            Frame f = FrameTestSupport.randomFrame(type, rnd);
            try {
                byte[] full = encodeFast(f);
                int cut = rnd.nextInt(full.length);
                assertRejected(Arrays.copyOf(full, cut));
            } finally {
                release(f);
            }
        }
    }

    /**
     * A packet cut anywhere: the frames wholly before the cut reach the sink, then decoding fails, unless the cut is
     * at a frame boundary.
     */
    @Test
    void aTruncatedPacketDeliversTheCompleteFramesThenFails() {
        List<Frame> frames = new ArrayList<>(FrameTestSupport.samples());
        frames.removeIf(f -> f.type() == FrameType.PADDING);
        List<byte[]> parts = new ArrayList<>();
        for (Frame f : frames) {
            parts.add(encode(f));
        }
        byte[] packet = FrameTestSupport.concat(parts.toArray(new byte[0][]));
        int[] ends = new int[parts.size()];
        for (int i = 0, at = 0; i < parts.size(); i++) {
            at += parts.get(i).length;
            ends[i] = at;
        }
        try {
            for (int cut = 1; cut <= packet.length; cut += 1 + cut / 64) {
                int whole = 0;
                while (whole < ends.length && ends[whole] <= cut) {
                    whole++;
                }
                boolean boundary = whole > 0 && ends[whole - 1] == cut;
                List<Frame> got = new ArrayList<>();
                ByteBuf in = Unpooled.wrappedBuffer(packet, 0, cut);
                try {
                    FrameDecoder.decodeAll(in, got::add);
                    assertThat(boundary).as("cut %d decoded without error", cut).isTrue();
                } catch (ProtocolViolationException e) {
                    assertThat(boundary).as("cut %d failed: %s", cut, e.getMessage()).isFalse();
                    assertThat(e.error()).isEqualTo(ProtocolError.FRAME_ENCODING_ERROR);
                } finally {
                    in.release();
                }
                try {
                    assertThat(got).hasSize(whole);
                    for (int i = 0; i < whole; i++) {
                        assertSameFrame(got.get(i), frames.get(i));
                    }
                } finally {
                    releaseAll(got);
                }
            }
        } finally {
            releaseAll(frames);
        }
    }

    @Test
    void emptyPacketIsAnError() {
        ByteBuf empty = Unpooled.buffer(0);
        try {
            assertThatThrownBy(() -> FrameDecoder.decodeAll(empty, f -> fail("no frame expected")))
                    .isInstanceOfSatisfying(ProtocolViolationException.class,
                            e -> assertThat(e.error()).isEqualTo(ProtocolError.FRAME_ENCODING_ERROR));
        } finally {
            empty.release();
        }
    }

    @Test
    void unknownTypesAreRejected() {
        for (String type : new String[] {"03", "06", "07", "0c", "0f", "13", "17", "1f", "21", "3f", "4100",
                "80000102", "c000000100000002"}) {
            assertRejected(hex(type + "0000000000")).hasMessageContaining("unknown frame type");
        }
    }

    @Test
    void reservedStreamFlagIsRejected() {
        assertRejected(hex("0a" + "00" + "00" + "00" + "01" + "00" + "01" + "aa")).hasMessageContaining("reserved");
        assertRejected(hex("0b" + "00" + "00" + "00" + "01" + "00" + "01" + "aa")).hasMessageContaining("reserved");
    }

    @Test
    void streamFieldsOutOfRangeAreRejected() {
        // fragment 5 + 1 beyond message length 5
        assertRejected(hex("08" + "00" + "00" + "00" + "05" + "05" + "01" + "aa"));
        // fragment length larger than what remains (no allocation from it)
        assertRejected(hex("08" + "00" + "00" + "00" + "3f" + "00" + "bfffffff" + "aa"));
        // fragment length one more than what follows the length field (but not more than what followed the type):
        // the bound is what remains after the length varint, whatever its size
        assertRejected(hex("08" + "00" + "00" + "00" + "3f" + "00" + "05" + "01020304"));
        assertRejected(hex("08" + "00" + "00" + "00" + "3f" + "00" + "4005" + "01020304"));
        assertRejected(hex("08" + "00" + "00" + "00" + "3f" + "00" + "80000007" + "010203040506"));
        // message_offset + message_length beyond 2^62 - 1
        assertRejected(hex("08" + "00" + "00" + "ffffffffffffffff" + "01" + "00" + "00"));
        // message_offset + message_length exactly 2^62 - 1 is fine
        Frames.StreamFrame ok = (Frames.StreamFrame) FrameTestSupport.decodeOne(hex("08" + "00" + "00"
                + "fffffffffffffffe" + "01" + "00" + "00"));
        ok.data().release();
        assertThat(ok.messageOffset() + ok.messageLength()).isEqualTo((1L << 62) - 1);
    }

    @Test
    void malformedAcksAreRejected() {
        // first range below zero: largest 5, first_range 6
        assertRejected(hex("02" + "05" + "00" + "00" + "06")).hasMessageContaining("below zero");
        // first range reaching exactly zero is fine
        assertThat(((AckFrame) FrameTestSupport.decodeOne(hex("02" + "05" + "00" + "00" + "05"))).smallest(0)).isZero();
        // a gap leading below zero: largest 5, first 0 (5..5), gap 4 -> next largest -1
        assertRejected(hex("02" + "05" + "00" + "01" + "00" + "04" + "00")).hasMessageContaining("below zero");
        // gap 3 -> next largest 0, length 1 -> smallest -1
        assertRejected(hex("02" + "05" + "00" + "01" + "00" + "03" + "01")).hasMessageContaining("below zero");
        AckFrame ok = (AckFrame) FrameTestSupport.decodeOne(hex("02" + "05" + "00" + "01" + "00" + "03" + "00"));
        assertThat(ok.smallest(1)).isZero();
        // a huge gap that would overflow naive arithmetic
        assertRejected(hex("02" + "05" + "00" + "01" + "00" + "ffffffffffffffff" + "00"));
        // 65 ranges: more than an ACK may carry, rejected before allocating
        assertRejected(hex("02" + "05" + "00" + "40" + "40" + "00")).hasMessageContaining("too many");
        assertRejected(hex("02" + "05" + "00" + "ffffffffffffffff" + "00")).hasMessageContaining("too many");
    }

    @Test
    void ackWithSixtyFourRangesIsTheMaximum() {
        StringBuilder sb = new StringBuilder("02" + "4100" + "00" + "3f" + "00"); // largest 256, 63 more ranges
        for (int i = 0; i < 63; i++) {
            sb.append("00").append("00"); // every other packet number
        }
        AckFrame ack = (AckFrame) FrameTestSupport.decodeOne(hex(sb.toString()));
        assertThat(ack.rangeCount()).isEqualTo(AckFrame.MAX_RANGES);
        assertThat(ack.smallest(63)).isEqualTo(256 - 2 * 63);
    }

    @Test
    void malformedConnectionClosesAreRejected() {
        // phrase longer than 256 bytes
        assertRejected(hex("1c" + "00" + "00" + "4101" + "00".repeat(257)));
        // phrase longer than what remains
        assertRejected(hex("1c" + "00" + "00" + "05" + "616263"));
        // phrase that is not UTF-8
        assertRejected(hex("1c" + "00" + "00" + "02" + "c328")).hasMessageContaining("UTF-8");
        assertRejected(hex("1c" + "00" + "00" + "01" + "ff")).hasMessageContaining("UTF-8");
        // reason beyond an int
        assertRejected(hex("1c" + "c000000080000000" + "00" + "00"));
        Frames.ConnectionClose max = (Frames.ConnectionClose) FrameTestSupport.decodeOne(
                hex("1c" + "807fffff" + "00" + "4100" + "61".repeat(256)));
        assertThat(max.reason()).isEqualTo(0x7FFFFF);
        assertThat(max.phrase()).hasSize(256);
    }

    @Test
    void malformedRehandshakesAreRejected() {
        // more than 16 KiB of data
        assertRejected(hex("20" + "00" + "00" + "80004001" + "00".repeat(16_385)));
        // data longer than what remains
        assertRejected(hex("20" + "00" + "00" + "03" + "0102"));
        // generation beyond an int
        assertRejected(hex("20" + "c000000080000000" + "00" + "00"));
        Frames.Rehandshake r = (Frames.Rehandshake) FrameTestSupport.decodeOne(hex("20" + "8fffffff" + "00" + "00"));
        assertThat(r.generation()).isEqualTo(0x0FFFFFFF);
    }

    @Test
    void streamDataIsARetainedSliceOwnedByTheSink() {
        byte[] bytes = hex("08" + "04" + "00" + "00" + "03" + "00" + "03" + "616263" + "01");
        ByteBuf in = Unpooled.buffer(bytes.length);
        in.writeBytes(bytes);
        List<Frame> got = new ArrayList<>();
        try {
            FrameDecoder.decodeAll(in, got::add);
            assertThat(got).hasSize(2);
            Frames.StreamFrame s = (Frames.StreamFrame) got.get(0);
            assertThat(in.refCnt()).as("the slice retains the payload").isEqualTo(2);
            in.setByte(7, 'X');
            assertThat(s.data().getByte(s.data().readerIndex())).as("a slice, not a copy").isEqualTo((byte) 'X');
            s.data().release();
            assertThat(in.refCnt()).isOne();
        } finally {
            in.release();
        }
    }

    /**
     * The sink owns a STREAM frame from the moment it is handed over, even if the sink throws: the decoder does not
     * release it a second time (the engine's sink releases the data itself on failure).
     */
    @Test
    void aThrowingSinkKeepsOwnershipOfStreamData() {
        byte[] bytes = hex("08" + "04" + "00" + "00" + "03" + "00" + "03" + "616263");
        ByteBuf in = Unpooled.buffer(bytes.length);
        in.writeBytes(bytes);
        Frame[] handed = new Frame[1];
        try {
            assertThatThrownBy(() -> FrameDecoder.decodeAll(in, f -> {
                handed[0] = f;
                throw new IllegalStateException("sink failure");
            })).isInstanceOf(IllegalStateException.class).hasMessage("sink failure");
            assertThat(in.refCnt()).isEqualTo(2);
            ((Frames.StreamFrame) handed[0]).data().release();
        } finally {
            in.release();
        }
    }

    @Test
    void aFailureAfterAStreamFrameLeavesOnlyTheDeliveredFrameRetained() {
        // STREAM frame, then an unknown type
        byte[] bytes = hex("08" + "04" + "00" + "00" + "03" + "00" + "03" + "616263" + "03");
        ByteBuf in = Unpooled.buffer(bytes.length);
        in.writeBytes(bytes);
        List<Frame> got = new ArrayList<>();
        try {
            assertThatThrownBy(() -> FrameDecoder.decodeAll(in, got::add))
                    .isInstanceOf(ProtocolViolationException.class);
            assertThat(got).hasSize(1);
            assertThat(in.refCnt()).isEqualTo(2);
            releaseAll(got);
            assertThat(in.refCnt()).isOne();
        } finally {
            in.release();
        }
    }

    /**
     * 100,000 seeded random payloads: decoding succeeds (and what it produced re-encodes to the same frames) or fails
     * with the documented exception; nothing else escapes, and decoding terminates.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void randomBytesDecodeOrFailWithTheTypedException() {
        Random rnd = new Random(0xF4A3E5L);
        int[] typeCodes = Arrays.stream(FrameType.values()).mapToInt(FrameType::code).toArray();
        int ok = 0;
        int rejected = 0;
        int framesDecoded = 0;
        for (int iteration = 0; iteration < 100_000; iteration++) {
            byte[] b = iteration % 2 == 0 ? randomBytes(rnd, typeCodes) : mutatedFrames(rnd);
            List<Frame> frames = new ArrayList<>();
            ByteBuf in = Unpooled.wrappedBuffer(b);
            try {
                FrameDecoder.decodeAll(in, f -> {
                    frames.add(f);
                    assertThat(f.encodedLength()).isPositive();
                });
                ok++;
                assertThat(in.isReadable()).isFalse();
                assertThat(frames).isNotEmpty();
                // shortest-form re-encoding is never longer than the input and decodes to the same frames
                byte[][] parts = new byte[frames.size()][];
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = encodeFast(frames.get(i));
                }
                byte[] again = FrameTestSupport.concat(parts);
                assertThat(again.length).isLessThanOrEqualTo(b.length);
                List<Frame> redecoded = FrameTestSupport.decodeAll(again);
                try {
                    // PADDING whose type was a non-shortest varint (0x4000) followed other PADDING: merged now
                    List<Frame> expected = mergePadding(frames);
                    assertThat(redecoded).as("input %s", hex(b)).hasSameSizeAs(expected);
                    for (int i = 0; i < expected.size(); i++) {
                        assertSameFrame(redecoded.get(i), expected.get(i));
                    }
                } finally {
                    releaseAll(redecoded);
                }
            } catch (ProtocolViolationException e) {
                rejected++;
                assertThat(e.error()).as("input %s", hex(b)).isEqualTo(ProtocolError.FRAME_ENCODING_ERROR);
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented exception for input " + hex(b), e);
            } finally {
                framesDecoded += frames.size();
                releaseAll(frames);
                in.release();
            }
        }
        // the generators reach both outcomes often enough to mean something
        assertThat(ok).isGreaterThan(10_000);
        assertThat(rejected).isGreaterThan(10_000);
        assertThat(framesDecoded).isGreaterThan(ok);
    }

    private static List<Frame> mergePadding(List<Frame> frames) {
        List<Frame> out = new ArrayList<>();
        for (Frame f : frames) {
            if (f instanceof Frames.Padding p && !out.isEmpty() && out.get(out.size() - 1) instanceof Frames.Padding q) {
                out.set(out.size() - 1, new Frames.Padding(p.length() + q.length()));
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Random bytes, often with a valid type first and small (1-byte varint) values. */
    private static byte[] randomBytes(Random rnd, int[] typeCodes) {
        byte[] b = new byte[rnd.nextInt(rnd.nextInt(8) == 0 ? 300 : 40)];
        boolean smallValues = rnd.nextBoolean();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (smallValues && rnd.nextInt(4) != 0 ? rnd.nextInt(64) : rnd.nextInt(256));
        }
        if (b.length > 0 && rnd.nextInt(4) != 0) {
            b[0] = (byte) (typeCodes[rnd.nextInt(typeCodes.length)] | (rnd.nextInt(8) == 0 ? rnd.nextInt(4) : 0));
        }
        return b;
    }

    /** One to three valid frames, then up to three random mutations (overwrite, truncate, insert). */
    private static byte[] mutatedFrames(Random rnd) {
        int n = 1 + rnd.nextInt(3);
        byte[][] parts = new byte[n][];
        for (int i = 0; i < n; i++) {
            Frame f = FrameTestSupport.randomFrame(FrameType.values()[rnd.nextInt(FrameType.values().length)], rnd);
            try {
                parts[i] = encodeFast(f);
            } finally {
                release(f);
            }
        }
        byte[] b = FrameTestSupport.concat(parts);
        int mutations = rnd.nextInt(4);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            int at = rnd.nextInt(Math.min(b.length, 48)); // mostly headers, not data
            switch (rnd.nextInt(3)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, at);
                default -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }
}
