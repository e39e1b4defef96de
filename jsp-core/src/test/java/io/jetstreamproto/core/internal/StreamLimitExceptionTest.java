package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamLimitExceptionTest {
    @Test
    void carriesTheLimit() {
        StreamLimitException e = new StreamLimitException(100);
        assertThat(e.limit()).isEqualTo(100);
        assertThat(e).hasMessageContaining("100");
    }
}
