package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file-transfer when something goes wrong, as separate processes: progress that counts what the receiver acknowledged,
 * Ctrl-C that tells the peer, a receiver error the sender is told about, a wait limit, and a transfer interrupted by
 * kill -9 that resumes; stale partial files are removed.
 */
class ExamplesFileTransferRecoveryTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final long SIZE = 20L << 20;
    private static final String SLOW = "2M";
    private static final Pattern SENDING = Pattern.compile("sending: ([\\d.]+) MiB / ([\\d.]+) MiB \\((\\d+)%\\)");

    @TempDir
    static Path shared;

    static Path input;
    static String inputSha;

    @TempDir
    Path dir;

    @BeforeAll
    static void randomFile() throws Exception {
        input = shared.resolve("random.bin");
        Random r = new Random(15);
        byte[] block = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(input)) {
            for (long done = 0; done < SIZE; done += block.length) {
                r.nextBytes(block);
                o.write(block);
            }
        }
        inputSha = ExamplesFileTransferTest.sha256(input);
    }

    private JarProcess receiver(Path output, String name, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("file-transfer", "receive", output.toString(), "--listen",
                "127.0.0.1:0", "--identity", dir.resolve("receiver.key").toString()));
        args.addAll(List.of(more));
        return JarProcess.start(dir, name, args.toArray(String[]::new));
    }

    private JarProcess sender(String address, String name, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("file-transfer", "send", input.toString(), "--connect",
                address, "--known-servers", dir.resolve("known_servers").toString()));
        args.addAll(List.of(more));
        return JarProcess.start(dir, name, args.toArray(String[]::new));
    }

    /**
     * A sender slow enough that the test can act mid-transfer on an idle machine too (unthrottled, loopback moves
     * the whole file within the first progress second): {@code SIZE} at {@link #SLOW} takes about 10 s.
     */
    private JarProcess slowSender(String address, String name) throws Exception {
        return sender(address, name, "--max-rate", SLOW);
    }

    /**
     * The sender's progress is what the receiver acknowledged: while the receiver is paused (SIGSTOP) it stands still
     * below 100 %, although the whole file fits in the send buffer (32 MiB) and was handed to the connection at once.
     */
    @Test
    void senderProgressCountsAcknowledgedBytes() throws Exception {
        Path output = dir.resolve("copy.bin");
        try (JarProcess receiver = receiver(output, "receiver")) {
            String address = receiver.awaitListening(WAIT);
            try (JarProcess sender = slowSender(address, "sender")) {
                receiver.awaitOut(l -> l.matches("receiving: [0-9.]+ MiB / .*") && !l.startsWith("receiving: 0.0 MiB"),
                        "with progress", WAIT);
                receiver.signal("STOP");
                try {
                    int mark = sender.outCount();
                    // two progress lines printed while nothing can be acknowledged (they come once a second)
                    sender.awaitOutFrom(mark, l -> l.startsWith("sending:"), "a progress line", WAIT);
                    int second = sender.outCount();
                    sender.awaitOutFrom(second, l -> l.startsWith("sending:"), "a second progress line", WAIT);
                    List<String> during = sender.outLinesFrom(mark).stream().filter(l -> l.startsWith("sending:"))
                            .toList();
                    assertThat(during).as(sender.dump()).allSatisfy(l -> assertThat(percent(l)).isLessThan(100));
                    assertThat(sender.stdout()).doesNotContain("all data acknowledged");
                    String last = during.get(during.size() - 1);
                    String before = during.get(during.size() - 2);
                    assertThat(mib(last)).as("no progress while the receiver is stopped: " + during)
                            .isEqualTo(mib(before));
                } finally {
                    receiver.signal("CONT");
                }
                assertThat(sender.awaitExit(Duration.ofSeconds(120))).as(sender.dump()).isZero();
                assertThat(sender.stdout()).contains("all data acknowledged; waiting for the receiver to verify")
                        .contains("receiver verified SHA-256: " + inputSha).contains("(100%)");
            }
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isZero();
        }
    }

    /** Ctrl-C of the sender closes the connection with a reason: the receiver reports it instead of a timeout. */
    @Test
    void ctrlCOfTheSenderTellsTheReceiver() throws Exception {
        Path output = dir.resolve("copy.bin");
        try (JarProcess receiver = receiver(output, "receiver")) {
            String address = receiver.awaitListening(WAIT);
            try (JarProcess sender = sender(address, "sender")) {
                receiver.awaitOutContaining("receiving 'random.bin'", WAIT);
                sender.terminate(); // SIGTERM runs the shutdown hooks, as Ctrl-C's SIGINT does
                sender.awaitExit(WAIT);
            }
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isEqualTo(1);
            assertThat(receiver.stderr()).as(receiver.dump())
                    .contains("error: transfer incomplete")
                    .contains("the peer closed the connection: the sender was interrupted (going away)")
                    .doesNotContain("heartbeat");
            assertThat(output).doesNotExist();
        }
    }

    /** A receiver that cannot create its file closes with an application error; the sender prints why, at once. */
    @Test
    void aReceiverErrorReachesTheSender() throws Exception {
        Path output = dir.resolve("copy.bin");
        Files.createDirectory(dir.resolve(".copy.bin.jsp-partial")); // where the partial file must go: now a directory
        try (JarProcess receiver = receiver(output, "receiver")) {
            String address = receiver.awaitListening(WAIT);
            try (JarProcess sender = sender(address, "sender")) {
                assertThat(sender.awaitExit(WAIT)).as(sender.dump()).isEqualTo(1);
                assertThat(sender.stderr()).as(sender.dump())
                        .contains("the peer closed the connection: the receiver cannot create .copy.bin.jsp-partial")
                        .contains("(application error)");
            }
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isEqualTo(1);
            assertThat(receiver.stderr()).contains("error: transfer failed: the receiver cannot create");
        }
    }

    /**
     * kill -9 of the receiver mid-transfer leaves the verified prefix; the next receive resumes from it when the same
     * file is sent again, and the result is the whole file.
     */
    @Test
    void aTransferInterruptedByKillResumes() throws Exception {
        Path output = dir.resolve("copy.bin");
        try (JarProcess receiver = receiver(output, "receiver-1");
                JarProcess sender = slowSender(receiver.awaitListening(WAIT), "sender-1")) {
            receiver.awaitOut(l -> l.matches("receiving: [1-9][0-9.]* MiB / .*"), "at least 1 MiB received", WAIT);
            receiver.kill();
            sender.terminate();
            sender.awaitExit(WAIT);
        }
        Path partial = dir.resolve(".copy.bin.jsp-partial");
        assertThat(partial).exists();
        long kept = Files.size(partial);
        assertThat(kept).isPositive().isLessThan(SIZE);

        try (JarProcess receiver = receiver(output, "receiver-2")) {
            String again = receiver.awaitListening(WAIT);
            try (JarProcess sender = sender(again, "sender-2")) {
                assertThat(sender.awaitExit(Duration.ofSeconds(120))).as(sender.dump()).isZero();
                assertThat(sender.stdout()).contains("resuming: the receiver already has the first")
                        .contains("receiver verified SHA-256: " + inputSha);
            }
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isZero();
            assertThat(receiver.stdout()).contains("resuming after the first").contains("from an interrupted transfer");
        }
        assertThat(ExamplesFileTransferTest.sha256(output)).isEqualTo(inputSha);
        assertThat(partial).doesNotExist();
    }

    /** A partial file of another file is not resumed from: the transfer starts over and the result is right. */
    @Test
    void aPartialFileOfAnotherFileIsNotResumed() throws Exception {
        Path output = dir.resolve("copy.bin");
        Files.write(dir.resolve(".copy.bin.jsp-partial"), new byte[100_000]); // zeros: not a prefix of random.bin
        try (JarProcess receiver = receiver(output, "receiver")) {
            String address = receiver.awaitListening(WAIT);
            try (JarProcess sender = sender(address, "sender")) {
                assertThat(sender.awaitExit(Duration.ofSeconds(120))).as(sender.dump()).isZero();
                assertThat(sender.stdout()).doesNotContain("resuming");
            }
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isZero();
            assertThat(receiver.stdout()).contains("does not match this file: starting over");
        }
        assertThat(ExamplesFileTransferTest.sha256(output)).isEqualTo(inputSha);
    }

    /**
     * The receiver waits a limited time and says for what; when it starts it removes partial files older than
     * --keep-partial (its own and those of the example's earlier versions) and leaves younger ones and other files.
     */
    @Test
    void theReceiverWaitsALimitedTimeAndRemovesStalePartialFiles() throws Exception {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
        Path stale = Files.writeString(dir.resolve(".old.bin.jsp-partial"), "x");
        Path staleOldFormat = Files.writeString(dir.resolve(".old.bin.17a3f09c2d.part"), "x");
        Path fresh = Files.writeString(dir.resolve(".fresh.bin.jsp-partial"), "x");
        Path other = Files.writeString(dir.resolve(".not-ours.part.txt"), "x");
        for (Path p : List.of(stale, staleOldFormat, other)) {
            Files.setLastModifiedTime(p, old);
        }
        try (JarProcess receiver = JarProcess.start(dir, "receiver", "file-transfer", "receive",
                dir.resolve("copy.bin").toString(), "--listen", "0", "--wait", "2s")) {
            String address = receiver.awaitListening(WAIT);
            assertThat(address).startsWith("127.0.0.1:");
            assertThat(receiver.awaitExit(WAIT)).as(receiver.dump()).isEqualTo(1);
            assertThat(receiver.stdout()).contains("waiting up to 2 s (--wait) for a sender: on the sending side run "
                    + "'file-transfer send FILE --connect " + address + "'")
                    .contains("removed .old.bin.jsp-partial: the partial file of a transfer interrupted")
                    .contains("removed .old.bin.17a3f09c2d.part");
            assertThat(receiver.stderr()).contains("error: no sender connected to " + address + " within 2 s");
        }
        assertThat(stale).doesNotExist();
        assertThat(staleOldFormat).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain("copy.bin");
        }
    }

    private static int percent(String line) {
        Matcher m = SENDING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(3));
    }

    private static String mib(String line) {
        Matcher m = SENDING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }
}
