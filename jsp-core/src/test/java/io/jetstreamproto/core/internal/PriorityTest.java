package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorityTest {
    @Test
    void weightsAreEightFourTwoOne() {
        assertThat(Priority.SYSTEM.weight()).isEqualTo(8);
        assertThat(Priority.MEDIA.weight()).isEqualTo(4);
        assertThat(Priority.CHAT.weight()).isEqualTo(2);
        assertThat(Priority.BULK.weight()).isEqualTo(1);
    }
}
