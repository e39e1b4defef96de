package io.jetstreamproto.crypto.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServerIdentity#loadOrCreate}, {@link ServerIdentity#save} and {@link ServerIdentity#load}. */
class ServerIdentityFileTest {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsCreatedWithOwnerOnlyPermissionsAndLoadedNextTime() throws IOException {
        Path file = dir.resolve("keys").resolve("server.key");
        ServerIdentity created = ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(1), false);
        ServerIdentity loaded = ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(2), true);
        assertThat(loaded.publicKeys()).isEqualTo(created.publicKeys());
        assertThat(loaded.mode()).as("an existing file keeps its mode").isEqualTo(AuthenticationMode.ED25519);
        assertThat(loaded.signEd25519(new byte[] {1})).isEqualTo(created.signEd25519(new byte[] {1}));
        if (POSIX) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
        created.destroy();
        loaded.destroy();
    }

    @Test
    void hybridIdentitiesSurviveTheRoundTrip() throws IOException {
        Path file = dir.resolve("hybrid.key");
        ServerIdentity created = ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(3), true);
        ServerIdentity loaded = ServerIdentity.load(file);
        assertThat(loaded.mode()).isEqualTo(AuthenticationMode.ED25519_MLDSA65);
        assertThat(loaded.publicKeys()).isEqualTo(created.publicKeys());
    }

    @Test
    void saveReplacesAtomicallyAndLoadReadsIt() throws IOException {
        Path file = dir.resolve("server.key");
        Files.writeString(file, "old content");
        ServerIdentity id = ServerIdentity.generate(RandomSource.deterministicForTesting(4), false);
        id.save(file);
        assertThat(ServerIdentity.load(file).publicKeys()).isEqualTo(id.publicKeys());
        String text = Files.readString(file);
        assertThat(text).contains("jsp-server-identity-v1").contains("# public: " + id.publicKeys().encode());
        if (POSIX) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void aCorruptFileIsAClearErrorAndIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("server.key");
        ServerIdentity id = ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(5), false);
        String good = Files.readString(file);

        // one hex digit of the private key changed: the recorded public key no longer matches
        String key = good.lines().filter(l -> l.startsWith("ed25519-private:")).findFirst().orElseThrow();
        char last = key.charAt(key.length() - 1);
        String damaged = good.replace(key, key.substring(0, key.length() - 1) + (last == '0' ? '1' : '0'));
        assertCorrupt(file, damaged, "does not match the public key");
        assertCorrupt(file, "", "no 'jsp-server-identity-v1' line");
        assertCorrupt(file, "jsp-server-identity-v1\n", "no 'ed25519-private:' line");
        assertCorrupt(file, good.replace(key, "ed25519-private: abcd"), "64 hex digits");
        assertCorrupt(file, good.replace(key, "ed25519-private: " + "zz".repeat(32)), "not hexadecimal");
        assertCorrupt(file, good + "something else\n", "unrecognised line");
        assertThat(id.publicKeys()).isNotNull();
    }

    private void assertCorrupt(Path file, String content, String why) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(9), false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a valid JetStreamProto server identity file")
                .hasMessageContaining(why);
        assertThat(Files.readString(file)).as("left as it was").isEqualTo(content);
    }

    @Test
    void theErrorNeverContainsKeyMaterial() throws IOException {
        Path file = dir.resolve("server.key");
        ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(6), false).destroy();
        String good = Files.readString(file);
        String hex = good.lines().filter(l -> l.startsWith("ed25519-private:")).findFirst().orElseThrow()
                .substring("ed25519-private:".length()).trim();
        Files.writeString(file, good + "ed25519-private: " + hex + "zz\n");
        assertThatThrownBy(() -> ServerIdentity.load(file)).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hex));
    }

    /** Several starts at once on a missing file: exactly one key is created and every start gets it. */
    @Test
    void concurrentCreatorsAgreeOnOneKey() throws Exception {
        Path file = dir.resolve("server.key");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ServerIdentity>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                long seed = 100 + i;
                Callable<ServerIdentity> task = () -> {
                    start.await();
                    return ServerIdentity.loadOrCreate(file, RandomSource.deterministicForTesting(seed), false);
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            ServerPublicKeys first = results.get(0).get(30, TimeUnit.SECONDS).publicKeys();
            for (Future<ServerIdentity> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS).publicKeys()).isEqualTo(first);
            }
            assertThat(ServerIdentity.load(file).publicKeys()).isEqualTo(first);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(file);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
