package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamLimitsTest {
    @Test
    void defaultsAreTheTransportParameterDefaults() {
        assertThat(StreamLimits.DEFAULT.maxMessageSize()).isEqualTo(16_777_216L);
        assertThat(StreamLimits.DEFAULT.initialMaxStreamData()).isEqualTo(16_777_216L);
        assertThat(StreamLimits.DEFAULT.messageIdWindow()).isEqualTo(16_384);
    }

    @Test
    void messageIdWindowIsClamped() {
        assertThat(new StreamLimits(0, 0).messageIdWindow()).isEqualTo(64);
        assertThat(new StreamLimits(0, 1L << 20).messageIdWindow()).isEqualTo(1024);
        assertThat(new StreamLimits(0, 1L << 40).messageIdWindow()).isEqualTo(65_536);
    }

    @Test
    void theLargestSendableMessageFitsBothLimits() {
        assertThat(new StreamLimits(1000, 500).largestSendableMessage()).isEqualTo(500);
        assertThat(new StreamLimits(1000, 5000).largestSendableMessage()).isEqualTo(1000);
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThatThrownBy(() -> new StreamLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamLimits(1L << 31, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamLimits(0, 1L << 62)).isInstanceOf(IllegalArgumentException.class);
    }
}
