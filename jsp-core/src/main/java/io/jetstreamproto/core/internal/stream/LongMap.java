package io.jetstreamproto.core.internal.stream;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A map from {@code long} keys (stream ids) to objects, with open addressing and linear probing: no boxing and no
 * node per entry, so a lookup on the packet path allocates nothing (a {@code HashMap<Long, V>} boxes every id above
 * 127). The table is allocated on the first put and halves its probe cost by staying at most half full. Removal
 * shifts the following cluster back (no tombstones). Not thread-safe.
 *
 * @param <V> the value type; null values are not allowed
 */
public final class LongMap<V> {
    private static final int MIN_CAPACITY = 4;

    private long[] keys;
    private Object[] values;
    private int size;

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        if (size == 0) {
            return null;
        }
        int mask = keys.length - 1;
        for (int i = index(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
        }
    }

    /** Associates {@code value} with {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        if (keys == null) {
            keys = new long[MIN_CAPACITY];
            values = new Object[MIN_CAPACITY];
        } else if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2);
        }
        int mask = keys.length - 1;
        for (int i = index(key, mask); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                keys[i] = key;
                values[i] = value;
                size++;
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    /** Removes {@code key}; returns its value or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        if (size == 0) {
            return null;
        }
        int mask = keys.length - 1;
        int i = index(key, mask);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        Object old = values[i];
        if (old == null) {
            return null;
        }
        // backward-shift deletion: move later members of the cluster into the gap when their home allows it
        int gap = i;
        for (int j = (gap + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = index(keys[j], mask);
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                gap = j;
            }
        }
        values[gap] = null;
        size--;
        return (V) old;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code action} for every value; the map must not be changed meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<? super V> action) {
        if (size == 0) {
            return;
        }
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    /** A snapshot of the values, for callers that change the map while going through them. */
    @SuppressWarnings("unchecked")
    public V[] valuesSnapshot(V[] type) {
        V[] out = Arrays.copyOf(type, size);
        int n = 0;
        if (size > 0) {
            for (Object v : values) {
                if (v != null) {
                    out[n++] = (V) v;
                }
            }
        }
        return out;
    }

    /** Removes everything and gives the table back. */
    public void clear() {
        keys = null;
        values = null;
        size = 0;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        int mask = capacity - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldValues[k] != null) {
                int i = index(oldKeys[k], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }

    private static int index(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: stream ids differ in their low bits
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
