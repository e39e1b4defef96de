package io.jetstreamproto.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API is exactly what {@code src/test/resources/api/io.jetstreamproto.transport.txt} lists: every public
 * type of the API package with its public and protected members. A change to the API shows up as a failing diff; if
 * it is intended, regenerate the file with {@code -Dapi.update=true} and commit it with the change.
 */
class PublicApiTest {
    private static final String PACKAGE = "io.jetstreamproto.transport";
    private static final Path SNAPSHOT = Path.of("src/test/resources/api/" + PACKAGE + ".txt");

    @Test
    void theApiIsTheOneOnRecord() throws Exception {
        String actual = String.join("\n", describe()) + "\n";
        if (Boolean.getBoolean("api.update")) {
            Files.writeString(SNAPSHOT, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.readString(SNAPSHOT, StandardCharsets.UTF_8);
        assertThat(actual).as("public API changed; if intended, run with -Dapi.update=true and commit %s", SNAPSHOT)
                .isEqualTo(expected);
    }

    @Test
    void everyPublicTypeIsFinalAnInterfaceAnEnumOrARecord() throws Exception {
        for (Class<?> c : apiTypes()) {
            boolean ok = c.isInterface() || c.isEnum() || c.isRecord() || Modifier.isFinal(c.getModifiers());
            assertThat(ok).as("%s must be final, an interface, an enum or a record", c.getName()).isTrue();
        }
    }

    @Test
    void noPublicSignatureMentionsAnInternalType() throws Exception {
        for (Class<?> c : apiTypes()) {
            for (String member : members(c)) {
                assertThat(member).as("in %s", c.getSimpleName()).doesNotContain(".internal.");
            }
        }
    }

    private static List<String> describe() throws Exception {
        List<String> out = new ArrayList<>();
        for (Class<?> c : apiTypes()) {
            out.add(kind(c) + " " + c.getName() + supertypes(c));
            for (String m : members(c)) {
                out.add("  " + m);
            }
        }
        return out;
    }

    private static String kind(Class<?> c) {
        return c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
    }

    private static String supertypes(Class<?> c) {
        List<String> s = new ArrayList<>();
        if (c.getSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            s.add("extends " + c.getSuperclass().getName());
        }
        for (Class<?> i : c.getInterfaces()) {
            s.add("implements " + i.getName());
        }
        return s.isEmpty() ? "" : " " + String.join(" ", s);
    }

    private static TreeSet<String> members(Class<?> c) {
        TreeSet<String> out = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                out.add("field " + f.getGenericType().getTypeName() + " " + f.getName());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !c.isEnum()) {
                out.add("new" + signature(k));
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                out.add((Modifier.isStatic(m.getModifiers()) ? "static " : "")
                        + m.getGenericReturnType().getTypeName() + " " + m.getName() + signature(m));
            }
        }
        return out;
    }

    private static String signature(Executable e) {
        String params = Arrays.stream(e.getGenericParameterTypes()).map(t -> t.getTypeName())
                .collect(Collectors.joining(", "));
        String throwsClause = Arrays.stream(e.getGenericExceptionTypes()).map(t -> t.getTypeName()).sorted()
                .collect(Collectors.joining(", "));
        return "(" + params + ")" + (throwsClause.isEmpty() ? "" : " throws " + throwsClause);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** Public top-level and nested types of the API package, from the compiled classes. */
    private static List<Class<?>> apiTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Connection.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(PACKAGE.replace('.', '/'));
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".class") || name.equals("package-info.class")) {
                    continue;
                }
                Class<?> c = Class.forName(PACKAGE + "." + name.substring(0, name.length() - 6));
                if (Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic()
                        && (c.getEnclosingClass() == null || Modifier.isPublic(c.getEnclosingClass().getModifiers()))) {
                    types.add(c);
                }
            }
        }
        types.sort((a, b) -> a.getName().compareTo(b.getName()));
        return types;
    }
}
