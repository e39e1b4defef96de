package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo, mobile-demo and the benchmark pair run to completion with the promised output. */
class ExamplesDemosTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void demoRunsToCompletion() throws Exception {
        try (JarProcess demo = JarProcess.start(dir, "demo", "demo")) {
            assertThat(demo.awaitExit(WAIT)).as(demo.dump()).isZero();
            assertThat(demo.stdout()).contains("cipher suite").contains("server key           SHA256:")
                    .contains("trust                pinned key").contains("(match)").contains("demo finished in");
            assertThat(demo.stderr()).doesNotContain("LEAK");
            System.out.println(demo.stdout());
        }
    }

    @Test
    void mobileDemoShowsProfilesFecCompressionAndWhatIsMissing() throws Exception {
        try (JarProcess demo = JarProcess.start(dir, "mobile-demo", "mobile-demo", "--observe", "1s",
                "--transfer-size", "512k")) {
            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as(demo.dump()).isZero();
            String out = demo.stdout();
            System.out.println(out);
            assertThat(out).contains("foreground").contains("background").contains("SHA-256 identical")
                    .doesNotContain("DIFFERENT").contains("BEST_EFFORT").contains("recovered")
                    .contains("not yet available").contains("connection migration");
            assertThat(out).as("FEC and LZ4 exist now").doesNotContain("forward error correction on the wire")
                    .doesNotContain("LZ4 compression on the wire");
            // columns: time, dropped, retransmitted, lost, repair, recovered, parity
            Matcher off = row("FEC off", out);
            Matcher fixed = row("FEC 10:2 \\(fixed\\)", out);
            Matcher adaptive = row("FEC adaptive <=10", out);
            assertThat(Long.parseLong(off.group(5))).as("no repair packets without FEC").isZero();
            assertThat(Long.parseLong(fixed.group(5))).as("repair packets with 10:2").isPositive();
            assertThat(Long.parseLong(fixed.group(6))).as("packets recovered with 10:2").isPositive();
            assertThat(Long.parseLong(fixed.group(7))).as("parity with 10:2").isEqualTo(2);
            assertThat(Long.parseLong(adaptive.group(6))).as("packets recovered, adaptive").isPositive();
            Matcher json = Pattern.compile("JSON chat history\\s+(\\d+) messages, (\\d+) compressed").matcher(out);
            Matcher random = Pattern.compile("random bytes\\s+(\\d+) messages, (\\d+) compressed").matcher(out);
            assertThat(json.find() && random.find()).as(out).isTrue();
            assertThat(json.group(2)).isEqualTo(json.group(1));
            assertThat(random.group(2)).isEqualTo("0");
        }
    }

    private static Matcher row(String label, String out) {
        Matcher m = Pattern.compile(label + "\\s+([\\d.]+) s\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)"
                + "\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as("a row '" + label + "' in\n" + out).isTrue();
        return m;
    }

    @Test
    void benchmarkClientReportsJson() throws Exception {
        try (JarProcess server = JarProcess.start(dir, "benchmark-server", "benchmark-server", "--listen",
                "127.0.0.1:0", "--fec", "--compress")) {
            String address = server.awaitListening(WAIT);
            try (JarProcess client = JarProcess.start(dir, "benchmark-client", "benchmark-client", address,
                    "--insecure", "--count", "2000", "--pings", "100", "--streams", "2", "--json", "--fec",
                    "--compress")) {
                assertThat(client.awaitExit(Duration.ofSeconds(60))).as(client.dump()).isZero();
                String json = client.stdout().strip();
                assertThat(json).startsWith("{").endsWith("}").contains("\"messagesDelivered\":2000")
                        .contains("\"rttMicrosP99\":").contains("\"mebibytesPerSecond\":")
                        .contains("\"fec\":\"10:2\"").contains("\"fecParityShards\":2")
                        .contains("\"compression\":\"lz4\"").doesNotContain("\"messagesCompressed\":0,")
                        .doesNotContain("\"repairPacketsSent\":0,");
                assertThat(client.stderr()).contains("WARNING: --insecure");
                // one well-formed JSON object (written by Jackson): every field parses
                com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json);
                assertThat(node.get("messagesDelivered").asLong()).isEqualTo(2000);
                assertThat(node.get("server").asText()).isEqualTo(address);
                assertThat(node.get("mebibytesPerSecond").isNumber()).isTrue();
                assertThat(node.get("fec").asText()).isEqualTo("10:2");
            }
        }
    }
}
