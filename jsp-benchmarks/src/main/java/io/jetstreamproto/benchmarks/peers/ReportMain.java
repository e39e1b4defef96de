package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.benchmarks.report.Results;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Regenerates the generated sections of the benchmark document (tables and charts) from the JSON files that
 * {@link PeersMain} and {@link LossyMain} wrote, without measuring again: {@code peers.sh --main
 * io.jetstreamproto.benchmarks.peers.ReportMain}.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rewrites the generated sections of the benchmark document from the JSON results.")
public final class ReportMain implements Callable<Integer> {
    @Option(names = "--out", description = "Directory of the JSON files and charts (default docs/benchmarks).")
    Path out = Path.of("docs/benchmarks");

    @Option(names = "--doc", description = "Document to rewrite (default docs/BENCHMARKS-peers.md).")
    Path doc = Path.of("docs/BENCHMARKS-peers.md");

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReportMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(out, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith("-rounds.json") || name.endsWith("-environment.json")) {
                    continue;
                }
                String base = name.substring(0, name.length() - ".json".length());
                Map<String, Object> env = Results.readMap(out.resolve(base + "-environment.json"));
                if (base.startsWith("peers-")) {
                    PeersReport.write(doc, out, base.substring(6), Results.readResults(f),
                            Results.readRounds(out.resolve(base + "-rounds.json")), env);
                } else if (base.startsWith("lossy-")) {
                    LossyReport.write(doc, out, base.substring(6), Results.readResults(f), env);
                } else {
                    continue;
                }
                System.out.println("regenerated the section of " + f + " in " + doc);
            }
        }
        return 0;
    }
}
