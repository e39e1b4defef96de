package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.examples.ImpairmentProxy;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file-transfer send/receive as separate processes: 50 MiB intact, directly and through 5 % loss; 8 MiB of text with
 * FEC and LZ4 through 5 % loss.
 */
class ExamplesFileTransferTest {
    static final long SIZE = 50L << 20;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path shared;

    static Path input;
    static String inputSha;
    static final long TEXT_SIZE = 8L << 20;
    static Path text;
    static String textSha;

    @TempDir
    Path dir;

    @BeforeAll
    static void randomFile() throws Exception {
        input = shared.resolve("random.bin");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random r = new Random(6);
        byte[] block = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(input)) {
            for (long done = 0; done < SIZE; done += block.length) {
                r.nextBytes(block);
                sha.update(block);
                o.write(block);
            }
        }
        inputSha = HexFormat.of().formatHex(sha.digest());

        // compressible, like a log or a CSV export: LZ4 has something to do
        text = shared.resolve("readings.csv");
        StringBuilder b = new StringBuilder();
        for (long i = 0; b.length() < TEXT_SIZE; i++) {
            b.append(i).append(",sensor-").append(i % 17).append(",").append(20 + r.nextInt(1500) / 100.0)
                    .append(",ok\n");
        }
        Files.writeString(text, b.substring(0, (int) TEXT_SIZE));
        textSha = sha256(text);
    }

    @Test
    void fiftyMebibytesArriveWithTheSameSha256() throws Exception {
        transfer(Duration.ofSeconds(90));
    }

    @Test
    void fiftyMebibytesThroughFivePercentLossArriveWithTheSameSha256() throws Exception {
        Path output = dir.resolve("received.bin");
        try (JarProcess receiver = JarProcess.start(dir, "receiver", "file-transfer", "receive", output.toString(),
                "--listen", "127.0.0.1:0")) {
            String address = receiver.awaitListening(WAIT);
            try (ImpairmentProxy proxy = new ImpairmentProxy(socket(address), 5).impair(0.05, 2_000)) {
                InetSocketAddress front = proxy.address();
                transferTo(receiver, output, front.getHostString() + ":" + front.getPort(), Duration.ofSeconds(150));
                assertThat(proxy.dropped()).as("the proxy dropped datagrams").isPositive();
            }
        }
    }

    @Test
    void eightMebibytesOfTextWithFecAndCompressionThroughFivePercentLossAreRebuiltAndShrink() throws Exception {
        Path output = dir.resolve("readings-copy.csv");
        try (JarProcess receiver = JarProcess.start(dir, "receiver", "file-transfer", "receive", output.toString(),
                "--listen", "127.0.0.1:0", "--fec", "--compress")) {
            String address = receiver.awaitListening(WAIT);
            receiver.awaitOutContaining("wire: FEC 10:2", WAIT);
            try (ImpairmentProxy proxy = new ImpairmentProxy(socket(address), 11).impair(0.05, 2_000)) {
                InetSocketAddress front = proxy.address();
                String sent = transferTo(receiver, output, front.getHostString() + ":" + front.getPort(),
                        Duration.ofSeconds(90), text, textSha, TEXT_SIZE, "--fec", "--compress");
                assertThat(proxy.dropped()).as("the proxy dropped datagrams").isPositive();
                assertThat(count(sent, "(\\d+) repair packets sent")).as(sent).isPositive();
                assertThat(count(sent, "LZ4: (\\d+) of")).as(sent).isPositive();
            }
            // the receiver rebuilt some of the sender's lost packets from its repair packets
            assertThat(count(receiver.stdout(), "(\\d+) packets recovered")).as(receiver.dump()).isPositive();
        }
    }

    @Test
    void anInterruptedTransferLeavesNoFileUnderTheFinalName() throws Exception {
        Path output = dir.resolve("received.bin");
        try (JarProcess receiver = JarProcess.start(dir, "receiver", "file-transfer", "receive", output.toString(),
                "--listen", "127.0.0.1:0")) {
            String address = receiver.awaitListening(WAIT);
            // through a lossy proxy the 50 MiB take many seconds: the sender is certainly stopped mid-transfer
            try (ImpairmentProxy proxy = new ImpairmentProxy(socket(address), 9).impair(0.05, 0);
                    JarProcess sender = JarProcess.start(dir, "sender", "file-transfer", "send", input.toString(),
                            "--connect", "127.0.0.1:" + proxy.address().getPort(), "--insecure")) {
                receiver.awaitOutContaining("receiving 'random.bin'", WAIT);
                sender.terminate(); // Ctrl-C
                sender.awaitExit(WAIT);
                assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isNotZero();
            }
            assertThat(receiver.stderr()).contains("error: transfer incomplete")
                    .contains("the peer closed the connection: the sender was interrupted");
            assertThat(output).doesNotExist();
            // what arrived stays for a resume (ExamplesFileTransferRecoveryTest), under the partial file's name only
            assertThat(leftovers().map(p -> p.getFileName().toString()))
                    .isSubsetOf(".received.bin.jsp-partial");
        }
    }

    private void transfer(Duration limit) throws Exception {
        Path output = dir.resolve("received.bin");
        try (JarProcess receiver = JarProcess.start(dir, "receiver", "file-transfer", "receive", output.toString(),
                "--listen", "127.0.0.1:0")) {
            transferTo(receiver, output, receiver.awaitListening(WAIT), limit);
        }
    }

    private void transferTo(JarProcess receiver, Path output, String connect, Duration limit) throws Exception {
        transferTo(receiver, output, connect, limit, input, inputSha, SIZE);
    }

    /** Runs the sender, checks both sides and the file; returns the sender's stdout. */
    private String transferTo(JarProcess receiver, Path output, String connect, Duration limit, Path input,
            String inputSha, long size, String... senderOptions) throws Exception {
        Path known = dir.resolve("known_servers");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("file-transfer", "send",
                input.toString(), "--connect", connect, "--known-servers", known.toString()));
        args.addAll(java.util.List.of(senderOptions));
        try (JarProcess sender = JarProcess.start(dir, "sender", args.toArray(String[]::new))) {
            assertThat(sender.awaitExit(limit)).as(sender.dump()).isZero();
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isZero();
            System.out.println(sender.stdout().lines().filter(l -> l.startsWith("sent ") || l.startsWith("  "))
                    .reduce("", (a, b) -> a + b + "\n") + receiver.stdout().lines().filter(l -> l.startsWith("  "))
                    .reduce("", (a, b) -> a + b + "\n"));
            String mib = String.format(java.util.Locale.ROOT, "%.1f MiB", size / 1048576.0);
            assertThat(sender.stdout()).contains("receiver verified SHA-256: " + inputSha)
                    .contains("sending: " + mib + " / " + mib + " (100%)");
            assertThat(receiver.stdout()).contains("SHA-256 verified: " + inputSha);
            assertThat(sender.stderr() + receiver.stderr()).doesNotContain("LEAK");
            assertThat(Files.size(output)).isEqualTo(size);
            assertThat(sha256(output)).isEqualTo(inputSha);
            assertThat(leftovers()).as("temporary files").isEmpty();
            return sender.stdout();
        }
    }

    private Stream<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")
                    || p.getFileName().toString().endsWith(".jsp-partial")).toList().stream();
        }
    }

    /** The number in the first match of {@code regex} (one group) in {@code text}, or -1. */
    static long count(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static InetSocketAddress socket(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    static String sha256(Path p) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = new byte[1 << 16];
            for (int n = in.read(b); n > 0; n = in.read(b)) {
                sha.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
