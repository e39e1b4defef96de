package io.jetstreamproto.crypto.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readableUnits() {
        assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Durations.human(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Durations.human(Duration.ofMinutes(2))).isEqualTo("2 min");
        assertThat(Durations.human(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(Durations.human(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Durations.human(Duration.ofHours(24))).isEqualTo("24 h");
    }
}
