package io.jetstreamproto.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeliveryModeTest {
    @Test
    void wireCodesAreThoseOfTheSpecification() {
        assertThat(DeliveryMode.RELIABLE.wireCode()).isZero();
        assertThat(DeliveryMode.RELIABLE_UNORDERED.wireCode()).isOne();
        assertThat(DeliveryMode.PARTIALLY_RELIABLE.wireCode()).isEqualTo(2);
        assertThat(DeliveryMode.BEST_EFFORT.wireCode()).isEqualTo(3);
        for (DeliveryMode mode : DeliveryMode.values()) {
            assertThat(DeliveryMode.fromWireCode(mode.wireCode())).isEqualTo(mode);
        }
        assertThatThrownBy(() -> DeliveryMode.fromWireCode(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeliveryMode.fromWireCode(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reliabilityAndOrdering() {
        assertThat(DeliveryMode.RELIABLE.isReliable()).isTrue();
        assertThat(DeliveryMode.RELIABLE.isOrdered()).isTrue();
        assertThat(DeliveryMode.RELIABLE_UNORDERED.isReliable()).isTrue();
        assertThat(DeliveryMode.RELIABLE_UNORDERED.isOrdered()).isFalse();
        assertThat(DeliveryMode.PARTIALLY_RELIABLE.isReliable()).isFalse();
        assertThat(DeliveryMode.PARTIALLY_RELIABLE.isOrdered()).isTrue();
        assertThat(DeliveryMode.BEST_EFFORT.isReliable()).isFalse();
        assertThat(DeliveryMode.BEST_EFFORT.isOrdered()).isFalse();
    }
}
