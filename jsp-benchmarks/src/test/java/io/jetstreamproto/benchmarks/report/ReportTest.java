package io.jetstreamproto.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void mediansPerSystemWorkloadAndMetric() throws Exception {
        Results r = new Results();
        r.add(1, "A", "bulk", "goodput", 10, "Mbit/s");
        r.add(2, "A", "bulk", "goodput", 30, "Mbit/s");
        r.add(3, "A", "bulk", "goodput", 20, "Mbit/s");
        r.add(1, "B", "bulk", "goodput", 5, "Mbit/s");
        r.add(1, "B", "bulk", "p99", Double.NaN, "µs"); // not a figure: dropped
        assertThat(r.medians()).containsExactly(new Result("A", "bulk", "goodput", 20, "Mbit/s"),
                new Result("B", "bulk", "goodput", 5, "Mbit/s"));
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) throws Exception {
        List<Result> results = List.of(new Result("JSP/UDP", "rr-64B", "p50", 61.5, "µs"));
        Path f = dir.resolve("x.json");
        Results.write(f, results);
        assertThat(Files.readString(f)).contains("\"system\"").contains("\"unit\" : \"µs\"");
        assertThat(Results.readResults(f)).isEqualTo(results);
    }

    @Test
    void generatedSectionsAreReplacedAndHandWrittenTextKept(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("B.md");
        MarkdownSections.replace(doc, "peers java17", "first", "# Title\n\nhand-written\n");
        MarkdownSections.replace(doc, "lossy java17", "matrix", "unused");
        MarkdownSections.replace(doc, "peers java17", "second", "unused");
        String text = Files.readString(doc);
        assertThat(text).startsWith("# Title\n\nhand-written\n").contains("second").contains("matrix")
                .doesNotContain("first");
        assertThat(text.indexOf("BEGIN GENERATED: peers java17")).isLessThan(text.indexOf("BEGIN GENERATED: lossy"));
    }

    @Test
    void chartsArePngFiles(@TempDir Path dir) throws Exception {
        Path bars = dir.resolve("b.png");
        Charts.bars(bars, "t", "v", List.of("a", "b"), java.util.Map.of("s", new double[] {1, Double.NaN}), true);
        Path lines = dir.resolve("l.png");
        Charts.lines(lines, "t", "x", "y", java.util.Map.of("s", new double[][] {{0, 1}, {1, 2}}), false);
        for (Path p : List.of(bars, lines)) {
            byte[] b = Files.readAllBytes(p);
            assertThat(b.length).isGreaterThan(1000);
            assertThat(new String(b, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }
}
