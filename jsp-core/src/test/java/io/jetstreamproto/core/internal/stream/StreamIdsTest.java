package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.DeliveryMode;
import org.junit.jupiter.api.Test;

class StreamIdsTest {
    @Test
    void encodesIndexModeAndInitiatorAsSpecified() {
        assertThat(StreamIds.streamId(0, DeliveryMode.RELIABLE, false)).isZero();
        assertThat(StreamIds.streamId(0, DeliveryMode.RELIABLE, true)).isOne();
        assertThat(StreamIds.streamId(1, DeliveryMode.BEST_EFFORT, true)).isEqualTo(0b1111);
        assertThat(StreamIds.streamId(5, DeliveryMode.PARTIALLY_RELIABLE, false)).isEqualTo((5 << 3) | (2 << 1));
    }

    @Test
    void decodesWhatItEncodes() {
        for (DeliveryMode mode : DeliveryMode.values()) {
            for (boolean server : new boolean[] {false, true}) {
                for (long index : new long[] {0, 1, 1000, StreamIds.MAX_INDEX}) {
                    long id = StreamIds.streamId(index, mode, server);
                    assertThat(StreamIds.mode(id)).isEqualTo(mode);
                    assertThat(StreamIds.isServerInitiated(id)).isEqualTo(server);
                    assertThat(StreamIds.index(id)).isEqualTo(index);
                    assertThat(id).isBetween(0L, StreamIds.MAX_STREAM_ID);
                }
            }
        }
    }

    @Test
    void rejectsValuesOutsideTheVarintRange() {
        assertThatThrownBy(() -> StreamIds.streamId(-1, DeliveryMode.RELIABLE, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamIds.streamId(StreamIds.MAX_INDEX + 1, DeliveryMode.RELIABLE, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamIds.mode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamIds.index(1L << 62)).isInstanceOf(IllegalArgumentException.class);
    }
}
