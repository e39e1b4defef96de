package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FragmentTest {
    @Test
    void lengthIsTheReadableBytesAndLastMeansItEndsTheMessage() {
        Fragment f = new Fragment(4, 1, 10, 8, 5, Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), false);
        assertThat(f.length()).isEqualTo(3);
        assertThat(f.isLast()).isTrue();
        assertThat(new Fragment(4, 1, 10, 9, 5, Unpooled.EMPTY_BUFFER, false).isLast()).isFalse();
    }

    @Test
    void rejectsNegativeFieldsAndMissingData() {
        assertThatThrownBy(() -> new Fragment(0, -1, 0, 0, 0, Unpooled.EMPTY_BUFFER, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fragment(0, 0, 0, 0, 0, null, false)).isInstanceOf(NullPointerException.class);
    }
}
