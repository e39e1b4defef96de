package io.jetstreamproto.benchmarks.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal ordered JSON tree for the figures' machine-readable output (no dependency for a few numbers). */
final class Json {
    private Json() {}

    static final class Obj {
        final Map<String, Object> fields = new LinkedHashMap<>();

        Obj put(String key, Object value) {
            fields.put(key, value);
            return this;
        }

        Object get(String key) {
            return fields.get(key);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            write(sb, this, 0);
            return sb.toString();
        }
    }

    static final class Arr {
        final List<Object> items = new ArrayList<>();

        Arr add(Object v) {
            items.add(v);
            return this;
        }
    }

    static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Obj o) {
            if (o.fields.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<String, Object> e : o.fields.entrySet()) {
                pad(sb, indent + 2).append('"').append(escape(e.getKey())).append("\": ");
                write(sb, e.getValue(), indent + 2);
                sb.append(++i < o.fields.size() ? ",\n" : "\n");
            }
            pad(sb, indent).append('}');
        } else if (v instanceof Arr a) {
            sb.append('[');
            for (int i = 0; i < a.items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                write(sb, a.items.get(i), indent + 2);
            }
            sb.append(']');
        } else if (v instanceof Number || v instanceof Boolean) {
            if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
                sb.append("null");
            } else {
                sb.append(v);
            }
        } else {
            sb.append('"').append(escape(v.toString())).append('"');
        }
    }

    private static StringBuilder pad(StringBuilder sb, int n) {
        return sb.append(" ".repeat(n));
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
