package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
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
    void mobileDemoShowsProfilesCountersAndWhatIsMissing() throws Exception {
        try (JarProcess demo = JarProcess.start(dir, "mobile-demo", "mobile-demo", "--observe", "1s",
                "--transfer-size", "512k")) {
            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as(demo.dump()).isZero();
            assertThat(demo.stdout()).contains("foreground").contains("background").contains("SHA-256 identical")
                    .contains("proxy dropped").contains("not yet available");
        }
    }

    @Test
    void benchmarkClientReportsJson() throws Exception {
        try (JarProcess server = JarProcess.start(dir, "benchmark-server", "benchmark-server", "--listen",
                "127.0.0.1:0")) {
            String address = server.awaitListening(WAIT);
            try (JarProcess client = JarProcess.start(dir, "benchmark-client", "benchmark-client", address,
                    "--insecure", "--count", "2000", "--pings", "100", "--streams", "2", "--json")) {
                assertThat(client.awaitExit(Duration.ofSeconds(60))).as(client.dump()).isZero();
                String json = client.stdout().strip();
                assertThat(json).startsWith("{").endsWith("}").contains("\"messagesDelivered\":2000")
                        .contains("\"rttMicrosP99\":").contains("\"mebibytesPerSecond\":");
                assertThat(client.stderr()).contains("WARNING: --insecure");
            }
        }
    }
}
