package io.jetstreamproto.core.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame table of docs/PROTOCOL.md §8.1. */
class FrameTypeTest {
    private static final Map<FrameType, Integer> CODES = Map.ofEntries(Map.entry(FrameType.PADDING, 0x00),
            Map.entry(FrameType.PING, 0x01), Map.entry(FrameType.ACK, 0x02), Map.entry(FrameType.RESET_STREAM, 0x04),
            Map.entry(FrameType.STOP_SENDING, 0x05), Map.entry(FrameType.STREAM, 0x08),
            Map.entry(FrameType.MAX_DATA, 0x10), Map.entry(FrameType.MAX_STREAM_DATA, 0x11),
            Map.entry(FrameType.MAX_STREAMS, 0x12), Map.entry(FrameType.DATA_BLOCKED, 0x14),
            Map.entry(FrameType.STREAM_DATA_BLOCKED, 0x15), Map.entry(FrameType.STREAMS_BLOCKED, 0x16),
            Map.entry(FrameType.STREAM_SKIP, 0x18), Map.entry(FrameType.STREAM_CLOSE, 0x19),
            Map.entry(FrameType.HEARTBEAT, 0x1A), Map.entry(FrameType.HEARTBEAT_ACK, 0x1B),
            Map.entry(FrameType.CONNECTION_CLOSE, 0x1C), Map.entry(FrameType.REPAIR, 0x1D),
            Map.entry(FrameType.LOSS_REPORT, 0x1E), Map.entry(FrameType.REHANDSHAKE, 0x20));

    @Test
    void codesAreThoseOfTheFrameTable() {
        assertThat(CODES.keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(FrameType.class));
        CODES.forEach((type, code) -> {
            assertThat(type.code()).as("%s", type).isEqualTo(code);
            assertThat(FrameType.fromCode(code)).isEqualTo(type);
        });
    }

    @Test
    void onlyPaddingAckConnectionCloseHeartbeatAckAndLossReportAreNotAckEliciting() {
        for (FrameType t : FrameType.values()) {
            boolean expected = t != FrameType.PADDING && t != FrameType.ACK && t != FrameType.CONNECTION_CLOSE
                    && t != FrameType.HEARTBEAT_ACK && t != FrameType.LOSS_REPORT;
            assertThat(t.ackEliciting()).as("%s", t).isEqualTo(expected);
        }
    }

    @Test
    void theFourStreamCodesCarryFlags() {
        for (int code = 0x08; code <= 0x0B; code++) {
            assertThat(FrameType.fromCode(code)).isEqualTo(FrameType.STREAM);
        }
    }

    @Test
    void everyOtherCodeIsUnknown() {
        for (long code = 0; code < 0x200; code++) {
            FrameType t = FrameType.fromCode(code);
            boolean known = CODES.containsValue((int) code) || (code >= 0x08 && code <= 0x0B);
            assertThat(t != null).as("code 0x%x", code).isEqualTo(known);
        }
        assertThat(FrameType.fromCode(-1)).isNull();
        assertThat(FrameType.fromCode(0x100 + 0x01)).isNull(); // no truncation of the code to a byte
        assertThat(FrameType.fromCode((1L << 32) + 0x02)).isNull(); // nor to an int
        assertThat(FrameType.fromCode(Long.MAX_VALUE)).isNull();
    }

    @Test
    void framesAreAckElicitingAsTheirType() {
        for (Frame f : FrameTestSupport.samples()) {
            assertThat(f.ackEliciting()).as("%s", f).isEqualTo(f.type().ackEliciting());
            FrameTestSupport.release(f);
        }
    }
}
