package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** chat-server and two chat-clients as separate processes: what one types reaches the other. */
class ExamplesChatTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aLineTypedIntoOneClientReachesTheOther() throws Exception {
        try (JarProcess server = JarProcess.start(dir, "chat-server", "chat-server", "--listen", "127.0.0.1:0")) {
            String address = server.awaitListening(WAIT);
            String known = dir.resolve("known_servers").toString();
            try (JarProcess bob = JarProcess.start(dir, "bob", "chat-client", "--connect", address, "--name", "bob",
                    "--known-servers", known)) {
                bob.awaitOutContaining("* welcome, bob!", WAIT);
                try (JarProcess alice = JarProcess.start(dir, "alice", "chat-client", "--connect", address, "--name",
                        "alice", "--known-servers", known)) {
                    alice.awaitOutContaining("* welcome, alice! online: bob", WAIT);
                    bob.awaitOutContaining("* alice joined", WAIT);

                    alice.type("hello from alice, with ünïcödé");
                    bob.awaitOutContaining("<alice> hello from alice, with ünïcödé", WAIT);
                    bob.type("hi alice");
                    alice.awaitOutContaining("<bob> hi alice", WAIT);

                    alice.closeStdin(); // end of input: a clean exit
                    assertThat(alice.awaitExit(WAIT)).as(alice.dump()).isZero();
                    bob.awaitOutContaining("* alice left", WAIT);
                    assertThat(alice.stdout()).doesNotContain("hello from alice"); // not echoed to the sender
                    assertThat(alice.stderr()).doesNotContain("LEAK");
                }
                bob.terminate(); // kill / Ctrl-C: the client still closes its connection on the way out
                bob.awaitExit(WAIT);
                assertThat(bob.stderr()).doesNotContain("LEAK");
            }
            server.awaitOutContaining("bob left (NORMAL: left [by peer])", WAIT);
            server.terminate(); // as Ctrl-C: the shutdown hook closes the listener
            int code = server.awaitExit(WAIT);
            assertThat(server.stdout()).as("exit " + code + " after " + server.elapsed() + "\n" + server.dump())
                    .contains("shutting down");
            assertThat(server.stderr()).doesNotContain("LEAK").doesNotContain("Exception");
        }
    }
}
