package io.jetstreamproto.crypto.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AmplificationLimiterTest { // SR-25 (unit)

    @Test
    void allowsThreeTimesWhatWasReceivedUntilValidated() {
        AmplificationLimiter a = new AmplificationLimiter();
        assertThat(a.canSend(1)).isFalse();
        a.onReceived(1200);
        assertThat(a.canSend(3600)).isTrue();
        assertThat(a.canSend(3601)).isFalse();
        a.onSent(3000);
        assertThat(a.remaining()).isEqualTo(600);
        assertThatThrownBy(() -> a.onSent(601)).isInstanceOf(IllegalStateException.class);
        a.onReceived(100);
        assertThat(a.remaining()).isEqualTo(900);
        a.markValidated();
        assertThat(a.canSend(1_000_000)).isTrue();
        assertThat(a.remaining()).isEqualTo(Long.MAX_VALUE);
    }
}
