package io.jetstreamproto.crypto.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed trust-on-first-use store, written by several connections at once. */
class KnownServersTest {
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    private static ServerPublicKeys keys(long seed) {
        return ServerIdentity.generate(RandomSource.deterministicForTesting(seed), false).publicKeys();
    }

    /**
     * First connections to one server at once, each with its own store over the same file (as every
     * {@code Connection.connect} with the default trust has): one line is written and every connection trusts.
     */
    @Test
    void concurrentFirstConnectionsWriteOneLine() throws Exception {
        Path file = dir.resolve("known_servers");
        ServerPublicKeys server = keys(1);
        List<TrustDecision> decisions = race(file, i -> server);
        assertThat(decisions).allMatch(TrustDecision::trusted);
        assertThat(decisions.stream().filter(d -> d.reason().startsWith("first use"))).hasSize(1);
        assertThat(Files.readAllLines(file)).containsExactly("example.org:4433 " + server.encode());
    }

    /** Two different keys for one server at once: the first recorded wins, every other is refused. */
    @Test
    void concurrentFirstConnectionsWithDifferentKeysTrustOnlyTheOneRecorded() throws Exception {
        Path file = dir.resolve("known_servers");
        List<ServerPublicKeys> presented = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            presented.add(keys(10 + i));
        }
        List<TrustDecision> decisions = race(file, presented::get);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        ServerPublicKeys recorded = KnownServers.file(file).lookup("example.org:4433").orElseThrow();
        for (int i = 0; i < THREADS; i++) {
            assertThat(decisions.get(i).trusted()).as("connection " + i)
                    .isEqualTo(presented.get(i).equals(recorded));
        }
        assertThat(decisions.stream().filter(d -> !d.trusted()))
                .hasSize(THREADS - 1)
                .allMatch(d -> d.reason().contains("SERVER KEY CHANGED"));
    }

    /** Different servers at once: every line is there, none twice, and existing content is kept as it was. */
    @Test
    void concurrentFirstConnectionsToDifferentServersKeepEveryLine() throws Exception {
        Path file = dir.resolve("known_servers");
        Files.writeString(file, "# my servers\nold.example:1 " + keys(99).encode(), StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> added = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String name = "host" + i + ":4433";
                ServerPublicKeys k = keys(20 + i);
                KnownServers store = KnownServers.file(file);
                added.add(pool.submit(() -> {
                    start.await();
                    return store.rememberIfAbsent(name, k);
                }));
            }
            start.countDown();
            for (Future<Boolean> f : added) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2 + THREADS).startsWith("# my servers", "old.example:1 " + keys(99).encode());
        assertThat(lines).doesNotHaveDuplicates();
        assertThat(KnownServers.file(file).serverNames()).hasSize(1 + THREADS);
        assertThat(Files.exists(dir.resolve("known_servers.tmp"))).isFalse();
    }

    @Test
    void aStoreSeesWhatAnotherStoreRecordedAfterItWasOpened() throws Exception {
        Path file = dir.resolve("sub").resolve("known_servers");
        KnownServers early = KnownServers.file(file);
        KnownServers other = KnownServers.file(file);
        assertThat(other.rememberIfAbsent("a:1", keys(1))).isTrue();
        assertThat(early.rememberIfAbsent("a:1", keys(2))).as("already in the file").isFalse();
        assertThat(early.lookup("a:1")).contains(keys(1));
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    private List<TrustDecision> race(Path file, java.util.function.IntFunction<ServerPublicKeys> presented)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TrustDecision>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                ServerTrust trust = ServerTrust.trustOnFirstUse(KnownServers.file(file));
                ServerPublicKeys keys = presented.apply(i);
                Callable<TrustDecision> task = () -> {
                    start.await();
                    return trust.check("example.org:4433", keys);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<TrustDecision> decisions = new ArrayList<>();
            for (Future<TrustDecision> f : futures) {
                decisions.add(f.get(30, TimeUnit.SECONDS));
            }
            return decisions;
        } finally {
            pool.shutdownNow();
        }
    }
}
