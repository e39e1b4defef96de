package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTooLargeExceptionTest {
    @Test
    void carriesSizeAndLimit() {
        MessageTooLargeException e = new MessageTooLargeException(2000, 1000);
        assertThat(e.size()).isEqualTo(2000);
        assertThat(e.maxSize()).isEqualTo(1000);
        assertThat(e).hasMessage("message of 2000 bytes exceeds the peer's limit of 1000 bytes");
    }
}
