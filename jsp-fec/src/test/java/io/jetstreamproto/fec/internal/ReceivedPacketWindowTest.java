package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceivedPacketWindowTest {

    @Test
    void marksAndForgetsOnlyWhatFallsBehind() {
        ReceivedPacketWindow window = new ReceivedPacketWindow(128);
        assertThat(window.isReceived(0)).isFalse();
        assertThat(window.markReceived(5)).isTrue();
        assertThat(window.markReceived(5)).isFalse();
        assertThat(window.isReceived(5)).isTrue();
        assertThat(window.isReceived(4)).isFalse();
        assertThat(window.isReceived(6)).isFalse();
        assertThat(window.markReceived(3)).isTrue();
        assertThat(window.markReceived(132)).isTrue(); // 5 is the oldest still tracked (132 - 127)
        assertThat(window.isReceived(5)).isTrue();
        assertThat(window.isTooOld(4)).isTrue();
        assertThat(window.isReceived(4)).as("too old counts as received").isTrue();
        assertThat(window.markReceived(4)).isFalse();
        assertThat(window.isReceived(100)).isFalse();
        assertThat(window.markReceived(133)).isTrue(); // slides past 5
        assertThat(window.isTooOld(5)).isTrue();
        assertThat(window.isReceived(6)).isFalse();
        assertThat(window.markReceived(1_000_000)).isTrue(); // a jump clears everything
        assertThat(window.isReceived(1_000_000 - 1)).isFalse();
        assertThat(window.highest()).isEqualTo(1_000_000);
        assertThatThrownBy(() -> new ReceivedPacketWindow(100)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Against a set, with random jumps and reordering inside and beyond the window. */
    @Test
    void agreesWithAReferenceSet() {
        long seed = 0x5EED_0701L;
        Random random = new Random(seed);
        ReceivedPacketWindow window = new ReceivedPacketWindow(256);
        Set<Long> marked = new HashSet<>();
        long highest = -1;
        for (int step = 0; step < 50_000; step++) {
            long pn = Math.max(0, highest + random.nextInt(40) - 30 + (random.nextInt(500) == 0 ? 1000 : 0));
            boolean tooOld = highest >= 0 && pn <= highest - 256;
            boolean expected = !tooOld && !marked.contains(pn);
            assertThat(window.markReceived(pn)).as("seed=%d step=%d pn=%d", seed, step, pn).isEqualTo(expected);
            marked.add(pn);
            highest = Math.max(highest, pn);
            long probe = highest - random.nextInt(300);
            boolean probeExpected = (highest >= 0 && probe <= highest - 256) || marked.contains(probe);
            assertThat(window.isReceived(probe)).as("seed=%d step=%d probe=%d", seed, step, probe)
                    .isEqualTo(probeExpected);
        }
    }
}
