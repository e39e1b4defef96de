package io.jetstreamproto.core.internal.frame;

import static io.jetstreamproto.core.internal.frame.FrameTestSupport.assertSameFrame;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.encodeFast;
import static io.jetstreamproto.core.internal.frame.FrameTestSupport.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's allocation-free decoder ({@link FrameDecoder#decodeAll(ByteBuf, FrameSink, AckFrame)}) sees exactly
 * what the record decoder sees, and rejects exactly what it rejects; the static encoders write what the records
 * write.
 */
class FrameSinkDecoderTest {

    /** Rebuilds records from the sink's callbacks (copying STREAM data, copying the reused ACK). */
    private static final class Recorder implements FrameSink {
        final List<Frame> frames = new ArrayList<>();

        @Override
        public void stream(long streamId, long messageId, long messageOffset, long messageLength, long fragmentOffset,
                ByteBuf packet, int dataIndex, int length, boolean compressed) {
            frames.add(new Frames.StreamFrame(streamId, messageId, messageOffset, messageLength, fragmentOffset,
                    Unpooled.copiedBuffer(packet.slice(dataIndex, length)), compressed));
        }

        @Override
        public void ack(AckFrame ack) {
            frames.add(ack.copy());
        }

        @Override
        public void frame(Frame f) {
            frames.add(f);
        }
    }

    @Test
    void randomPacketsDecodeToTheSameFramesBothWays() {
        Random rnd = new Random(5);
        AckFrame reusable = AckFrame.reusable();
        for (int packet = 0; packet < 2000; packet++) {
            List<Frame> sent = new ArrayList<>();
            ByteBuf buf = Unpooled.buffer();
            try {
                for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
                    FrameType type = FrameType.values()[1 + rnd.nextInt(FrameType.values().length - 1)];
                    Frame f = FrameTestSupport.randomFrame(type, rnd);
                    sent.add(f);
                    buf.writeBytes(encodeFast(f));
                }
                Recorder r = new Recorder();
                FrameDecoder.decodeAll(buf.duplicate(), r, reusable);
                List<Frame> records = new ArrayList<>();
                FrameDecoder.decodeAll(buf.duplicate(), records::add);
                assertThat(r.frames).hasSameSizeAs(sent).hasSameSizeAs(records);
                for (int i = 0; i < sent.size(); i++) {
                    assertSameFrame(r.frames.get(i), sent.get(i));
                    assertSameFrame(records.get(i), sent.get(i));
                }
                r.frames.forEach(FrameTestSupport::release);
                records.forEach(FrameTestSupport::release);
            } finally {
                sent.forEach(FrameTestSupport::release);
                buf.release();
            }
        }
    }

    @Test
    void truncatedPacketsAreRejectedByBothDecoders() {
        Random rnd = new Random(9);
        AckFrame reusable = AckFrame.reusable();
        for (int i = 0; i < 3000; i++) {
            FrameType type = FrameType.values()[1 + i % (FrameType.values().length - 1)];
            Frame f = FrameTestSupport.randomFrame(type, rnd);
            byte[] full;
            try {
                full = encodeFast(f);
            } finally {
                release(f);
            }
            byte[] cut = Arrays.copyOf(full, rnd.nextInt(full.length));
            ByteBuf in = Unpooled.wrappedBuffer(cut);
            Recorder r = new Recorder();
            assertThatThrownBy(() -> FrameDecoder.decodeAll(in, r, reusable))
                    .isInstanceOfSatisfying(ProtocolViolationException.class,
                            e -> assertThat(e.error()).isEqualTo(ProtocolError.FRAME_ENCODING_ERROR));
            r.frames.forEach(FrameTestSupport::release);
        }
    }

    @Test
    void staticEncodersWriteWhatTheRecordsWrite() {
        Random rnd = new Random(3);
        for (int i = 0; i < 500; i++) {
            AckFrame ack = FrameTestSupport.randomAck(rnd);
            ByteBuf a = Unpooled.buffer();
            AckFrame.encode(a, ack.ackDelayMicros(), ack);
            assertThat(AckFrame.encodedLength(ack.ackDelayMicros(), ack)).isEqualTo(a.readableBytes());
            assertThat(ByteBufUtil.getBytes(a)).isEqualTo(encodeFast(ack));
            a.release();
            Frame s = FrameTestSupport.randomFrame(FrameType.STREAM, rnd);
            Frames.StreamFrame sf = (Frames.StreamFrame) s;
            ByteBuf b = Unpooled.buffer();
            Frames.StreamFrame.encode(b, sf.streamId(), sf.messageId(), sf.messageOffset(), sf.messageLength(),
                    sf.fragmentOffset(), sf.data(), sf.data().readerIndex(), sf.length(), sf.compressed());
            assertThat(ByteBufUtil.getBytes(b)).isEqualTo(encodeFast(sf));
            b.release();
            release(s);
        }
    }

    @Test
    void aReusedAckHoldsOnlyTheLatestRanges() {
        AckFrame reusable = AckFrame.reusable();
        ByteBuf big = Unpooled.buffer();
        AckFrame.of(0, new long[][] {{50, 60}, {30, 40}, {10, 20}}).encode(big);
        FrameDecoder.decodeAll(big, new Recorder(), reusable);
        assertThat(reusable.rangeCount()).isEqualTo(3);
        ByteBuf small = Unpooled.buffer();
        AckFrame.of(7, new long[][] {{5, 9}}).encode(small);
        FrameDecoder.decodeAll(small, new Recorder(), reusable);
        assertThat(reusable.rangeCount()).isEqualTo(1);
        assertThat(reusable.largest(0)).isEqualTo(9);
        assertThat(reusable.ackDelayMicros()).isEqualTo(7);
        assertThatThrownBy(() -> reusable.smallest(1)).isInstanceOf(IndexOutOfBoundsException.class);
        big.release();
        small.release();
    }
}
