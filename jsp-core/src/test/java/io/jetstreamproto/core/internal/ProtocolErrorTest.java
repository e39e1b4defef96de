package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolErrorTest {
    @Test
    void codesAreThoseOfTheSpecification() {
        assertThat(ProtocolError.FRAME_ENCODING_ERROR.code()).isEqualTo(0x1);
        assertThat(ProtocolError.FLOW_CONTROL_ERROR.code()).isEqualTo(0x2);
        assertThat(ProtocolError.STREAM_LIMIT_ERROR.code()).isEqualTo(0x3);
        assertThat(ProtocolError.STREAM_STATE_ERROR.code()).isEqualTo(0x4);
        assertThat(ProtocolError.FINAL_SIZE_ERROR.code()).isEqualTo(0x5);
        assertThat(ProtocolError.MESSAGE_TOO_LARGE.code()).isEqualTo(0x6);
        assertThat(ProtocolError.TRANSPORT_PARAMETER_ERROR.code()).isEqualTo(0x7);
        assertThat(ProtocolError.KEY_UPDATE_ERROR.code()).isEqualTo(0x8);
        assertThat(ProtocolError.CRYPTO_ERROR.code()).isEqualTo(0x9);
    }

    @Test
    void decodesKnownCodesOnly() {
        for (ProtocolError error : ProtocolError.values()) {
            assertThat(ProtocolError.fromCode(error.code())).contains(error);
        }
        assertThat(ProtocolError.fromCode(0)).isEmpty();
        assertThat(ProtocolError.fromCode(0x101)).isEmpty();
    }
}
