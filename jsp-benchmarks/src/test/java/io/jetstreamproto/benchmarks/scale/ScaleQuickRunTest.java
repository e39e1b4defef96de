package io.jetstreamproto.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The short version of {@code scale.sh} (issue 10): 5,000 connections held for 20 s with default settings, the
 * server in a child JVM as the script runs it. Every connection must open and stay open, and a server connection
 * must fit in the 16 KiB budget; heap is retained size after full collections, so it does not depend on load. The
 * RTT is reported, not asserted (that is the benchmark's business, and this machine is shared).
 */
class ScaleQuickRunTest {
    private static final Path OUT = Path.of("target", "scale-smoke");

    @Test
    void fiveThousandIdleConnectionsStayOpenWithinTheHeapBudget() throws Exception {
        JsonNode r = run("--connections", "5000", "--duration", "20", "--live-rate", "0", "--handshake-burst", "1000",
                "--retry", "on-load", "--server-heap", "2g", "--rtt-sample", "200");
        assertThat(r.get("connections_requested").asLong()).isEqualTo(5000);
        assertThat(r.get("handshake_failures").asLong()).as(r.toString()).isZero();
        assertThat(r.get("connections_open").asLong()).as(r.toString()).isEqualTo(5000);
        assertThat(r.get("deaths").asLong()).as(r.toString()).isZero();
        assertThat(r.get("server_heap_bytes_per_conn").asLong()).as(r.toString()).isPositive().isLessThanOrEqualTo(16_384);
        assertThat(r.get("client_heap_bytes_per_conn").asLong()).as(r.toString()).isPositive();
        assertThat(r.get("rtt_p50_ms").asDouble()).as("echoes came back").isPositive();
        assertThat(r.get("rtt_p99_ms").asDouble()).isGreaterThanOrEqualTo(r.get("rtt_p50_ms").asDouble());
    }

    private static JsonNode run(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g", "-XX:+UseParallelGC",
                "-Dio.netty.leakDetection.level=paranoid", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Scale.class.getName()));
        cmd.addAll(List.of(args));
        Files.createDirectories(OUT);
        File log = OUT.resolve("scale.log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) { // a hang: the run takes about a minute
            p.destroyForcibly();
            throw new AssertionError("scale run did not finish; see " + log);
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as("a ByteBuf leak").doesNotContain("LEAK:");
        String[] lines = output.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
