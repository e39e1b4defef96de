package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.examples.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's command line: help, usage errors (exit 2), and clear failures when there is nobody to connect to. */
class ExamplesCliTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelp() {
        String[][] commands = {{"demo"}, {"chat-server"}, {"chat-client"}, {"file-transfer"},
            {"file-transfer", "send"}, {"file-transfer", "receive"}, {"benchmark-server"}, {"benchmark-client"},
            {"mobile-demo"}};
        for (String[] c : commands) {
            StringWriter out = new StringWriter();
            String[] args = java.util.Arrays.copyOf(c, c.length + 1);
            args[c.length] = "--help";
            int code = Main.commandLine().setOut(new PrintWriter(out)).execute(args);
            assertThat(code).as(String.join(" ", args)).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).contains("Usage: jsp-examples " + String.join(" ", c));
        }
    }

    @Test
    void badArgumentsPrintUsageAndExitWithCode2() throws Exception {
        try (JarProcess p = JarProcess.start(dir, "bad-address", "chat-client", "--connect", "nonsense")) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(p.stderr()).contains("expected host:port").contains("Usage: jsp-examples chat-client");
        }
        try (JarProcess p = JarProcess.start(dir, "bad-transport", "file-transfer", "send", "x", "--transport",
                "quic")) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(p.stderr()).contains("transport 'quic' is not yet supported")
                    .contains("Usage: jsp-examples file-transfer send");
        }
        try (JarProcess p = JarProcess.start(dir, "bad-mode", "benchmark-client", "127.0.0.1:1", "--mode", "FAST")) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(p.stderr()).contains("--mode").contains("Usage: jsp-examples benchmark-client");
        }
    }

    @Test
    void connectingWhereNothingListensFailsClearlyWithinTheTimeout() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: the kernel answers "port unreachable"
        }
        try (JarProcess p = JarProcess.start(dir, "refused", "chat-client", "--connect", "127.0.0.1:" + port,
                "--connect-timeout", "3s", "--insecure")) {
            p.closeStdin();
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(p.stderr()).contains("error: cannot connect to 127.0.0.1:" + port)
                    .contains("nothing listens");
            assertThat(p.elapsed()).as("JVM start plus at most the 3 s timeout").isLessThan(Duration.ofSeconds(12));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheConfiguredTimeout() throws Exception {
        // a bound socket that reads nothing: no ICMP error, so only the timeout can end the attempt
        Path input = java.nio.file.Files.writeString(dir.resolve("small.txt"), "hello");
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                JarProcess p = JarProcess.start(dir, "silent", "file-transfer", "send", input.toString(),
                        "--connect", "127.0.0.1:" + silent.getLocalPort(), "--connect-timeout", "2s", "--insecure")) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(p.stderr()).contains("cannot connect to 127.0.0.1:" + silent.getLocalPort())
                    .contains("no answer within 2 s");
            assertThat(p.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(12));
        }
    }
}
