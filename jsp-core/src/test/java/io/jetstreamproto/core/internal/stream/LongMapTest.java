package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {

    @Test
    void agreesWithAHashMapUnderRandomOperations() {
        for (long seed = 0; seed < 10; seed++) {
            Random r = new Random(seed);
            LongMap<String> m = new LongMap<>();
            Map<Long, String> oracle = new HashMap<>();
            for (int i = 0; i < 20_000; i++) {
                // a small key range makes collisions, clusters and removals inside clusters frequent
                long key = r.nextInt(4) == 0 ? r.nextLong() : (long) r.nextInt(64) << r.nextInt(3);
                switch (r.nextInt(3)) {
                    case 0 -> assertThat(m.put(key, "v" + i)).isEqualTo(oracle.put(key, "v" + i));
                    case 1 -> assertThat(m.remove(key)).isEqualTo(oracle.remove(key));
                    default -> assertThat(m.get(key)).isEqualTo(oracle.get(key));
                }
                assertThat(m.size()).isEqualTo(oracle.size());
            }
            for (Map.Entry<Long, String> e : oracle.entrySet()) {
                assertThat(m.get(e.getKey())).isEqualTo(e.getValue());
            }
            List<String> values = new ArrayList<>();
            m.forEachValue(values::add);
            assertThat(values).containsExactlyInAnyOrderElementsOf(oracle.values());
            assertThat(m.valuesSnapshot(new String[0])).containsExactlyInAnyOrderElementsOf(oracle.values());
        }
    }

    @Test
    void emptyMapHoldsNoTableAndRejectsNullValues() {
        LongMap<String> m = new LongMap<>();
        assertThat(m.get(5)).isNull();
        assertThat(m.remove(5)).isNull();
        assertThat(m.isEmpty()).isTrue();
        assertThatThrownBy(() -> m.put(1, null)).isInstanceOf(NullPointerException.class);
        m.put(1, "a");
        m.clear();
        assertThat(m.get(1)).isNull();
        assertThat(m.size()).isZero();
    }
}
