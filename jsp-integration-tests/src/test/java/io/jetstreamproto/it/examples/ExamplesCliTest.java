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
            if (!c[c.length - 1].equals("file-transfer") && !c[0].equals("mobile-demo")) {
                assertThat(out.toString()).as(String.join(" ", args)).contains("--fec[=K:M|adaptive]")
                        .contains("--compress");
            }
        }
    }

    @Test
    void fecValuesAreParsedAndABareFecLeavesTheNextArgumentAlone() {
        assertThat(fecAndInput("file-transfer", "send", "big.iso", "--fec")).isEqualTo("10:2 big.iso");
        assertThat(fecAndInput("file-transfer", "send", "--fec", "big.iso")).isEqualTo("10:2 big.iso");
        assertThat(fecAndInput("file-transfer", "send", "--fec", "10:4", "big.iso")).isEqualTo("10:4 big.iso");
        assertThat(fecAndInput("file-transfer", "send", "--fec=adaptive", "big.iso"))
                .isEqualTo("adaptive 10:0..10 big.iso");
        assertThat(fecAndInput("file-transfer", "send", "--fec", "adaptive:20:6", "big.iso"))
                .isEqualTo("adaptive 20:0..6 big.iso");
        assertThat(fecAndInput("benchmark-client", "--fec", "127.0.0.1:4435")).isEqualTo("10:2 127.0.0.1:4435");
        for (String bad : new String[] {"bogus", "10", "0:2", "10:0", "10:65", "adaptive:10", "10:2:3"}) {
            StringWriter err = new StringWriter();
            int code = Main.commandLine().setErr(new PrintWriter(err)).execute("benchmark-server", "--fec=" + bad);
            assertThat(code).as(bad).isEqualTo(2);
            assertThat(err.toString()).as(bad).contains("Invalid value for option '--fec'")
                    .contains("Usage: jsp-examples benchmark-server");
        }
    }

    /** The parsed --fec value and first positional argument of the leaf command, as "FEC INPUT". */
    private static String fecAndInput(String... args) {
        picocli.CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        Object positional = r.matchedPositionalValue(0, null);
        if (positional instanceof java.net.InetSocketAddress a) {
            positional = a.getHostString() + ":" + a.getPort();
        }
        return r.matchedOptionValue("--fec", null) + " " + positional;
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
        try (JarProcess p = JarProcess.start(dir, "bad-fec", "file-transfer", "receive", "out.bin", "--fec",
                "bogus")) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(p.stderr()).contains("Invalid value for option '--fec'").contains("'bogus'")
                    .contains("Usage: jsp-examples file-transfer receive");
        }
    }

    /** Servers listen on loopback unless told otherwise; --listen PORT is a port on 127.0.0.1. */
    @Test
    void serversListenOnLoopbackByDefault() throws Exception {
        for (String[] server : new String[][] {{"chat-server"}, {"benchmark-server"},
            {"file-transfer", "receive", dir.resolve("out.bin").toString(), "--wait", "1m"}}) {
            StringWriter help = new StringWriter();
            String[] helpArgs = java.util.Arrays.copyOf(server, server[0].equals("file-transfer") ? 3 : 2);
            helpArgs[helpArgs.length - 1] = "--help";
            Main.commandLine().setOut(new PrintWriter(help)).execute(helpArgs);
            assertThat(help.toString().replaceAll("\\s+", " ")).as(String.join(" ", helpArgs))
                    .containsPattern("default: 127\\.0\\.0\\.1: ?44\\d\\d, this machine only");
            String[] args = java.util.Arrays.copyOf(server, server.length + 2);
            args[server.length] = "--listen";
            args[server.length + 1] = "0";
            try (JarProcess p = JarProcess.start(dir, server[0], args)) {
                assertThat(p.awaitListening(Duration.ofSeconds(30))).startsWith("127.0.0.1:");
                p.awaitOutContaining("this machine only: --listen 0.0.0.0:", Duration.ofSeconds(30));
            }
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
                    .contains("nothing listens")
                    .as("the phrase says it; no raw reason such as (INTERNAL_ERROR)").doesNotContain("_ERROR");
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
                    .contains("no answer within 2 s")
                    .contains("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 2 s]")
                    .as("durations for people, not Duration.toString()").doesNotContainPattern("PT\\d");
            assertThat(p.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(12));
        }
    }
}
