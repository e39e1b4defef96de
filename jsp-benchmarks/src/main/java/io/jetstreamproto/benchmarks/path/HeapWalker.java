package io.jetstreamproto.benchmarks.path;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rough retained-size breakdown of one object graph by field path, for finding what an idle connection holds:
 * every object reachable from the root (not through {@code stop} objects, shared ones such as the endpoint or the
 * allocator) is charged to the first field path that reached it, cut at {@code depth} segments. Shallow sizes are
 * estimates for a 64-bit JVM with compressed oops (12-byte header, 4-byte references, 8-byte alignment). JDK
 * internals are only seen with {@code --add-opens}; without it they are charged as opaque objects.
 */
final class HeapWalker {
    private HeapWalker() {}

    static Map<String, long[]> breakdown(Object root, int depth, Object... stop) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        for (Object s : stop) {
            seen.put(s, true);
        }
        Map<String, long[]> out = new TreeMap<>();
        ArrayDeque<Object[]> work = new ArrayDeque<>();
        work.add(new Object[] {root, root.getClass().getSimpleName()});
        while (!work.isEmpty()) {
            Object[] w = work.poll();
            Object o = w[0];
            String path = (String) w[1];
            if (o == null || seen.put(o, true) != null || o instanceof Class || o instanceof ClassLoader
                    || o instanceof Thread || isEnumOrShared(o)) {
                continue;
            }
            long[] acc = out.computeIfAbsent(cut(path, depth), k -> new long[2]);
            acc[0]++;
            acc[1] += shallow(o);
            Class<?> c = o.getClass();
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    int n = Array.getLength(o);
                    for (int i = 0; i < n; i++) {
                        work.add(new Object[] {Array.get(o, i), path + "[]"});
                    }
                }
                continue;
            }
            for (Field f : fields(c)) {
                if (f.getType().isPrimitive()) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    work.add(new Object[] {f.get(o), path + "." + f.getName()});
                } catch (RuntimeException | IllegalAccessException e) {
                    // not opened: counted as opaque
                }
            }
        }
        return out;
    }

    private static boolean isEnumOrShared(Object o) {
        return o instanceof Enum || o instanceof String && ((String) o).isEmpty();
    }

    private static String cut(String path, int depth) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' && ++n == depth) {
                return path.substring(0, i);
            }
        }
        return path;
    }

    private static List<Field> fields(Class<?> c) {
        List<Field> fs = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fs.add(f);
                }
            }
        }
        return fs;
    }

    static long shallow(Object o) {
        Class<?> c = o.getClass();
        long size;
        if (c.isArray()) {
            Class<?> t = c.getComponentType();
            int elem = t == long.class || t == double.class ? 8 : t == int.class || t == float.class ? 4
                    : t == short.class || t == char.class ? 2 : t == byte.class || t == boolean.class ? 1 : 4;
            size = 16 + (long) elem * Array.getLength(o);
        } else {
            size = 12;
            for (Field f : fields(c)) {
                Class<?> t = f.getType();
                size += t == long.class || t == double.class ? 8 : t == int.class || t == float.class ? 4
                        : t == short.class || t == char.class ? 2 : t == byte.class || t == boolean.class ? 1 : 4;
            }
        }
        return (size + 7) & ~7L;
    }

    static void print(Map<String, long[]> m, int top) {
        List<Map.Entry<String, long[]>> l = new ArrayList<>(m.entrySet());
        l.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        long total = 0;
        for (Map.Entry<String, long[]> e : l) {
            total += e.getValue()[1];
        }
        System.out.printf("  %7d B total (estimate)%n", total);
        for (int i = 0; i < Math.min(top, l.size()); i++) {
            System.out.printf("  %7d B %5d objects  %s%n", l.get(i).getValue()[1], l.get(i).getValue()[0],
                    l.get(i).getKey());
        }
    }
}
