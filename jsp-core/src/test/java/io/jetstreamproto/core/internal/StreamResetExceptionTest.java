package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamResetExceptionTest {
    @Test
    void carriesStreamAndErrorCode() {
        StreamResetException e = new StreamResetException(12, 99);
        assertThat(e.streamId()).isEqualTo(12);
        assertThat(e.errorCode()).isEqualTo(99);
        assertThat(e).hasMessageContaining("stream 12").hasMessageContaining("99");
    }
}
