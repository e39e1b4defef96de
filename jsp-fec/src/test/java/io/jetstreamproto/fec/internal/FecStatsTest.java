package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

class FecStatsTest {

    private static FecStats numbered(long base) throws ReflectiveOperationException {
        RecordComponent[] components = FecStats.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = base + i;
            types[i] = long.class;
        }
        return FecStats.class.getDeclaredConstructor(types).newInstance(values);
    }

    @Test
    void plusAddsEveryFieldToItsCounterpart() throws ReflectiveOperationException {
        FecStats a = numbered(1);
        FecStats b = numbered(1000);
        FecStats sum = a.plus(b);
        for (RecordComponent component : FecStats.class.getRecordComponents()) {
            long x = (long) component.getAccessor().invoke(a);
            long y = (long) component.getAccessor().invoke(b);
            assertThat((long) component.getAccessor().invoke(sum)).as(component.getName()).isEqualTo(x + y);
        }
        assertThat(a.plus(FecStats.ZERO)).isEqualTo(a);
        assertThat(FecStats.ZERO.plus(FecStats.ZERO)).isEqualTo(FecStats.ZERO);
    }
}
