package io.jetstreamproto.core.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameSizesTest {
    private static final int MAX_DOCUMENTED_FRAGMENT = 16_383;

    private static int overhead(Frames.StreamFrame f) {
        return FrameTestSupport.encodeFast(f).length - f.length();
    }

    @Test
    void worstCaseStreamHeaderIsExactlyTheBound() {
        long big = 1L << 30; // the smallest value needing an 8-byte varint
        ByteBuf data = Unpooled.wrappedBuffer(new byte[MAX_DOCUMENTED_FRAGMENT]);
        try {
            Frames.StreamFrame worst = new Frames.StreamFrame(Varint.MAX_VALUE, big, big, 4 * big, 2 * big, data, true);
            assertThat(overhead(worst)).isEqualTo(FrameSizes.MAX_STREAM_FRAME_OVERHEAD).isEqualTo(43);
            assertThat(worst.encodedLength()).isEqualTo(FrameSizes.MAX_STREAM_FRAME_OVERHEAD + MAX_DOCUMENTED_FRAGMENT);
        } finally {
            data.release();
        }
    }

    @Test
    void smallestStreamHeader() {
        Frames.StreamFrame f = new Frames.StreamFrame(0, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER, false);
        assertThat(overhead(f)).isEqualTo(7);
    }

    /** The bound holds for random STREAM frames of up to 16383 data bytes, and encodedLength is exact. */
    @Test
    void randomStreamFramesStayWithinTheBound() {
        Random rnd = new Random(99);
        for (int i = 0; i < 5000; i++) {
            int len = rnd.nextInt(4) == 0 ? MAX_DOCUMENTED_FRAGMENT - rnd.nextInt(64) : rnd.nextInt(2000);
            long messageLength = Math.max(len, FrameTestSupport.randomVarint(rnd));
            long fragmentOffset = FrameTestSupport.randomBelow(rnd, messageLength - len);
            long messageOffset = FrameTestSupport.randomBelow(rnd, Varint.MAX_VALUE - messageLength);
            ByteBuf data = Unpooled.wrappedBuffer(new byte[len]);
            try {
                Frames.StreamFrame f = new Frames.StreamFrame(FrameTestSupport.randomVarint(rnd),
                        FrameTestSupport.randomVarint(rnd), messageOffset, messageLength, fragmentOffset, data,
                        rnd.nextBoolean());
                assertThat(overhead(f)).isLessThanOrEqualTo(FrameSizes.MAX_STREAM_FRAME_OVERHEAD);
                assertThat(f.encodedLength()).isLessThanOrEqualTo(FrameSizes.MAX_STREAM_FRAME_OVERHEAD + len);
            } finally {
                data.release();
            }
        }
    }

    /** The documented scope: a fragment of 16384 bytes or more needs a 4-byte length, beyond the bound. */
    @Test
    void theBoundIsOnlyForFragmentsBelow16KiB() {
        long big = 1L << 30;
        ByteBuf data = Unpooled.wrappedBuffer(new byte[MAX_DOCUMENTED_FRAGMENT + 1]);
        try {
            Frames.StreamFrame f = new Frames.StreamFrame(big, big, big, 4 * big, 2 * big, data, false);
            assertThat(overhead(f)).isEqualTo(FrameSizes.MAX_STREAM_FRAME_OVERHEAD + 2);
        } finally {
            data.release();
        }
    }
}
