package io.jetstreamproto.crypto.internal.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvalidKeyShareExceptionTest {

    @Test
    void carriesItsReasonInTheMessageAndCapturesNoStackTrace() {
        InvalidKeyShareException e = new InvalidKeyShareException(InvalidKeyShareException.Reason.WRONG_LENGTH,
                "client key share must be 1216 bytes, got 12");
        assertThat(e.reason()).isEqualTo(InvalidKeyShareException.Reason.WRONG_LENGTH);
        assertThat(e.getMessage()).isEqualTo("WRONG_LENGTH: client key share must be 1216 bytes, got 12");
        assertThat(e.getStackTrace()).as("routine rejection of remote input: cheap to create").isEmpty();
        assertThat(e).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> new InvalidKeyShareException(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theReasons() {
        assertThat(InvalidKeyShareException.Reason.values()).containsExactly(
                InvalidKeyShareException.Reason.WRONG_LENGTH, InvalidKeyShareException.Reason.MLKEM_KEY_NOT_REDUCED,
                InvalidKeyShareException.Reason.X25519_ZERO_SHARED_SECRET);
    }
}
