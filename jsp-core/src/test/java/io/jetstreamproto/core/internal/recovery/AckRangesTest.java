package io.jetstreamproto.core.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckRangesTest {
    @Test
    void rangeValidation() {
        assertThat(new AckRange(0, 0).smallest()).isZero();
        assertThat(new AckRange(3, 7).largest()).isEqualTo(7);
        assertThatThrownBy(() -> new AckRange(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AckRange(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangesMustBeDescendingAndDisjoint() {
        assertThatThrownBy(() -> AckRanges.of(0, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.of(-1, List.of(new AckRange(0, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.of(0, List.of(new AckRange(0, 3), new AckRange(5, 6))))
                .as("ascending").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AckRanges.of(0, List.of(new AckRange(5, 9), new AckRange(3, 5))))
                .as("overlapping").isInstanceOf(IllegalArgumentException.class);
        assertThat(AckRanges.of(0, List.of(new AckRange(5, 9), new AckRange(3, 4))).ranges()).hasSize(2);
    }

    @Test
    void accessorsAndContains() {
        List<AckRange> list = new ArrayList<>(List.of(new AckRange(20, 30), new AckRange(10, 12), new AckRange(1, 1)));
        AckRanges a = AckRanges.of(7, list);
        list.clear(); // copied
        assertThat(a.ranges()).containsExactly(new AckRange(20, 30), new AckRange(10, 12), new AckRange(1, 1));
        assertThat(a.largest()).isEqualTo(30);
        assertThat(a.smallest()).isEqualTo(1);
        assertThat(a.ackDelayNanos()).isEqualTo(7);
        for (long pn = 0; pn <= 40; pn++) {
            boolean expected = pn == 1 || (pn >= 10 && pn <= 12) || (pn >= 20 && pn <= 30);
            assertThat(a.contains(pn)).as("pn %d", pn).isEqualTo(expected);
        }
        assertThat(a.contains(-1)).isFalse();
        assertThatThrownBy(() -> a.ranges().add(new AckRange(0, 0))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(a.toString()).contains("20").contains("delay=7ns");
    }
}
