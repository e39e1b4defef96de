package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProtocolViolationExceptionTest {
    @Test
    void carriesTheErrorAndItsCode() {
        ProtocolViolationException e = new ProtocolViolationException(ProtocolError.FINAL_SIZE_ERROR, "stream 4: x");
        assertThat(e.error()).isEqualTo(ProtocolError.FINAL_SIZE_ERROR);
        assertThat(e.errorCode()).isEqualTo(5);
        assertThat(e).hasMessage("FINAL_SIZE_ERROR: stream 4: x").isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> new ProtocolViolationException(null, "x")).isInstanceOf(NullPointerException.class);
    }
}
