package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlowControlExceptionTest {
    @Test
    void carriesRequestedAndAvailable() {
        FlowControlException e = new FlowControlException(500, 20);
        assertThat(e.requested()).isEqualTo(500);
        assertThat(e.available()).isEqualTo(20);
        assertThat(e).hasMessageContaining("500").hasMessageContaining("20");
    }
}
