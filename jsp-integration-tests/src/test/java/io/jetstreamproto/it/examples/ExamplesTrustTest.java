package io.jetstreamproto.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server identity across restarts and trust on first use: a restarted server with its saved key is accepted, a server
 * with a different key on the same address is refused by a client that remembered the old one.
 */
class ExamplesTrustTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aChangedServerKeyIsRefusedWithAClearMessage() throws Exception {
        String known = dir.resolve("known_servers").toString();
        String original = dir.resolve("server.key").toString();
        String address;
        String fingerprint;
        try (JarProcess server = JarProcess.start(dir, "server-1", "chat-server", "--listen", "127.0.0.1:0",
                "--identity", original)) {
            address = server.awaitListening(WAIT);
            fingerprint = server.stdout().lines().filter(l -> l.startsWith("server key ")).findFirst().orElseThrow()
                    .split(" ")[2];
            assertClientAccepted(address, known, "first use: remembered " + fingerprint);
            server.terminate();
            server.awaitExit(WAIT);
        }
        assertThat(Files.readString(Path.of(known))).contains(address);
        String port = address.substring(address.lastIndexOf(':') + 1);

        // the same identity file after a restart: same key, still trusted
        try (JarProcess server = JarProcess.start(dir, "server-2", "chat-server", "--listen", "127.0.0.1:" + port,
                "--identity", original)) {
            server.awaitListening(WAIT);
            assertThat(server.stdout()).contains(fingerprint + " (ED25519, loaded from");
            assertClientAccepted(address, known, "known key " + fingerprint);
            server.terminate();
            server.awaitExit(WAIT);
        }

        // a different key on the same address: refused
        try (JarProcess server = JarProcess.start(dir, "server-3", "chat-server", "--listen", "127.0.0.1:" + port,
                "--identity", dir.resolve("other.key").toString())) {
            server.awaitListening(WAIT);
            try (JarProcess client = JarProcess.start(dir, "client", "chat-client", "--connect", address,
                    "--known-servers", known, "--connect-timeout", "5s")) {
                client.closeStdin();
                assertThat(client.awaitExit(WAIT)).as(client.dump()).isEqualTo(1);
                assertThat(client.stderr()).contains("error: cannot connect to " + address)
                        .contains("server key refused").contains("SERVER KEY CHANGED for " + address)
                        .contains("expected " + fingerprint);
                assertThat(client.stdout()).doesNotContain("welcome");
            }
        }
    }

    /** Clients that connect for the first time at once, in separate processes, record the server once. */
    @Test
    void concurrentFirstConnectionsRecordTheServerOnce() throws Exception {
        String known = dir.resolve("known_servers").toString();
        try (JarProcess server = JarProcess.start(dir, "server", "chat-server", "--listen", "127.0.0.1:0")) {
            String address = server.awaitListening(WAIT);
            java.util.List<JarProcess> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    // JVMs starting together on a loaded machine: a generous handshake timeout
                    clients.add(JarProcess.start(dir, "client-" + i, "chat-client", "--connect", address,
                            "--known-servers", known, "--name", "c" + i, "--connect-timeout", "60s"));
                }
                for (JarProcess c : clients) {
                    c.awaitOutContaining("* welcome, ", Duration.ofSeconds(90));
                    assertThat(c.stdout()).as(c.dump()).contains("trust: ");
                }
            } finally {
                for (JarProcess c : clients) {
                    c.close();
                }
            }
            assertThat(Files.readAllLines(Path.of(known))).as("one line per server").hasSize(1)
                    .allSatisfy(l -> assertThat(l).startsWith(address + " ed25519:"));
        }
    }

    /** A damaged identity file is a clear error, and the server does not replace it with a new key. */
    @Test
    void aCorruptIdentityFileIsRefusedAndKept() throws Exception {
        Path key = dir.resolve("server.key");
        Files.writeString(key, "jsp-server-identity-v1\ned25519-private: 1234\n");
        try (JarProcess server = JarProcess.start(dir, "server", "chat-server", "--listen", "127.0.0.1:0",
                "--identity", key.toString())) {
            assertThat(server.awaitExit(WAIT)).as(server.dump()).isEqualTo(1);
            assertThat(server.stderr()).contains("is not a valid JetStreamProto server identity file")
                    .contains("64 hex digits").contains("move it away to create a new key");
        }
        assertThat(Files.readString(key)).isEqualTo("jsp-server-identity-v1\ned25519-private: 1234\n");
    }

    private void assertClientAccepted(String address, String known, String trust) throws Exception {
        try (JarProcess client = JarProcess.start(dir, "client", "chat-client", "--connect", address,
                "--known-servers", known, "--name", "carol")) {
            client.awaitOutContaining("* welcome, carol!", WAIT);
            assertThat(client.stdout()).contains("trust: " + trust);
            client.closeStdin();
            assertThat(client.awaitExit(WAIT)).as(client.dump()).isZero();
        }
    }
}
