package io.jetstreamproto.crypto.internal.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SR-40: every MAC, tag, token and Finished comparison in jsp-crypto goes through {@code ConstantTime}. The build's
 * forbidden-APIs check already bans {@code Arrays.equals(byte[], byte[])} in main code; this test also catches
 * {@code equals}/{@code isEqual}/{@code compare} calls on secret-bearing names and any other byte-array comparison
 * helper outside {@code ConstantTime}.
 */
class ConstantTimeUsageTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern SECRET_EQUALS = Pattern.compile(
            "(?i)\\b\\w*(mac|tag|token|verify|finished|psk)\\w*(\\(\\))?\\s*\\.\\s*equals\\s*\\(|"
                    + "\\.equals\\s*\\(\\s*\\w*(mac|tag|token|verify|finished|psk)\\w*\\s*\\)");
    private static final Pattern RAW_COMPARISON = Pattern.compile(
            "Arrays\\s*\\.\\s*(equals|mismatch|compare)\\s*\\(|MessageDigest\\s*\\.\\s*isEqual\\s*\\(");

    @Test
    void secretComparisonsUseTheConstantTimeHelper() throws IOException {
        assertThat(MAIN).isDirectory();
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(MAIN)) {
            for (Path p : paths.filter(x -> x.toString().endsWith(".java")).toList()) {
                files++;
                boolean isHelper = p.getFileName().toString().equals("ConstantTime.java");
                List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.trim().startsWith("*") || line.trim().startsWith("//")) {
                        continue;
                    }
                    Matcher secret = SECRET_EQUALS.matcher(line);
                    Matcher raw = RAW_COMPARISON.matcher(line);
                    if (secret.find() || (!isHelper && raw.find() && !allowedPublicComparison(p, line))) {
                        offences.add(MAIN.relativize(p) + ":" + (i + 1) + ": " + line.trim());
                    }
                }
            }
        }
        assertThat(files).isGreaterThan(40);
        assertThat(offences).as("byte comparisons outside ConstantTime").isEmpty();
    }

    /** Public data (network addresses as map keys) may use a plain range comparison; each use is listed here. */
    private static boolean allowedPublicComparison(Path p, String line) {
        return p.getFileName().toString().equals("InitialPacketGate.java") && line.contains("k.b, 0, k.b.length");
    }

    @Test
    void thePatternCatchesWhatItShould() {
        assertThat(SECRET_EQUALS.matcher("if (!expectedMac.equals(mac)) {").find()).isTrue();
        assertThat(SECRET_EQUALS.matcher("return token().equals(other);").find()).isTrue();
        assertThat(SECRET_EQUALS.matcher("a.equals(verifyData)").find()).isTrue();
        assertThat(SECRET_EQUALS.matcher("header.dcid().equals(localCid)").find()).isFalse();
        assertThat(RAW_COMPARISON.matcher("java.util.Arrays.equals(a, b)").find()).isTrue();
        assertThat(RAW_COMPARISON.matcher("MessageDigest.isEqual(a, b)").find()).isTrue();
    }
}
