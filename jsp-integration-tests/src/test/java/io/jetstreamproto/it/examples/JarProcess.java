package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar jsp-examples.jar ...} as a separate process, with its stdout and stderr collected line by line so a
 * test can wait for a line (with a timeout) instead of sleeping.
 */
final class JarProcess implements AutoCloseable {
    /** The shaded jar; Maven builds jsp-examples (package phase) before this module in the reactor. */
    static final Path JAR = Path.of("..", "jsp-examples", "target", "jsp-examples.jar").toAbsolutePath().normalize();

    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    private final String name;
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final long started = System.nanoTime();
    private final List<Thread> readers = new ArrayList<>();

    private JarProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
    }

    /** Starts the jar in {@code workDir} with {@code args}; user.home is {@code workDir} so nothing real is touched. */
    static JarProcess start(Path workDir, String name, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            fail("missing " + JAR + ": build it first (mvn -pl jsp-integration-tests -am verify packages it)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx512m", "-Duser.home=" + workDir, "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).start();
        return new JarProcess(name, p);
    }

    private void pump(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, name + "-reader");
        t.setDaemon(true);
        t.start();
        readers.add(t);
    }

    /** Waits for a stdout line matching {@code test}; fails with everything captured on timeout or early exit. */
    synchronized String awaitOut(Predicate<String> test, String what, Duration timeout) throws InterruptedException {
        return awaitOutFrom(0, test, what, timeout);
    }

    /** Like {@link #awaitOut}, looking only at stdout lines from index {@code from} on (see {@link #outCount}). */
    synchronized String awaitOutFrom(int from, Predicate<String> test, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = from;
        while (true) {
            for (; seen < out.size(); seen++) {
                if (test.test(out.get(seen))) {
                    return out.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(name + ": no stdout line " + what + " within " + timeout + "\n" + dump());
            }
            if (!process.isAlive() && seen == out.size()) {
                // give the reader a moment to deliver the last lines, then give up
                wait(200);
                if (seen == out.size()) {
                    fail(name + " exited (" + process.exitValue() + ") before printing a line " + what + "\n" + dump());
                }
            }
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
    }

    String awaitOutContaining(String text, Duration timeout) throws InterruptedException {
        return awaitOut(l -> l.contains(text), "containing '" + text + "'", timeout);
    }

    /** The "host:port" a server printed as "listening on host:port". */
    String awaitListening(Duration timeout) throws InterruptedException {
        String line = awaitOut(l -> LISTENING.matcher(l).find(), "'listening on host:port'", timeout);
        Matcher m = LISTENING.matcher(line);
        m.find();
        return m.group(1) + ":" + m.group(2);
    }

    /** Waits for the exit code; fails (after killing the process) on timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail(name + " did not exit within " + timeout + "\n" + dump());
        }
        for (Thread t : readers) {
            t.join(5000); // they end at end of stream: every line is collected
        }
        return process.exitValue();
    }

    void type(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** Number of stdout lines so far. */
    synchronized int outCount() {
        return out.size();
    }

    /** The stdout lines from index {@code from} on. */
    synchronized List<String> outLinesFrom(int from) {
        return List.copyOf(out.subList(from, out.size()));
    }

    /** Sends a signal by name (STOP, CONT) with kill(1): a paused process keeps its sockets but answers nothing. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            fail("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL: the process dies at once, without shutdown hooks (as with kill -9 or a crash). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM, as kill would (Ctrl-C is SIGINT; both run the shutdown hooks). Through the ProcessHandle: Process.destroy()
     * would also close our end of its stdout, losing what it prints while it shuts down.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    synchronized String stdout() {
        return String.join("\n", out);
    }

    synchronized String stderr() {
        return String.join("\n", err);
    }

    synchronized String dump() {
        return "---- " + name + " stdout\n" + String.join("\n", out) + "\n---- " + name + " stderr\n"
                + String.join("\n", err);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
