package io.jetstreamproto.benchmarks.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the rounds of a run and turns them into medians; reads and writes the JSON files (Jackson). Insertion
 * order is kept: systems, workloads and metrics appear in the order they were first measured.
 */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<RoundResult> rounds = new ArrayList<>();

    public synchronized void add(int round, String system, String workload, String metric, double value, String unit) {
        if (Double.isFinite(value)) {
            rounds.add(new RoundResult(round, system, workload, metric, value, unit));
        }
    }

    public synchronized List<RoundResult> rounds() {
        return List.copyOf(rounds);
    }

    /** The median over rounds of every system × workload × metric. */
    public synchronized List<Result> medians() {
        Map<List<String>, List<Double>> values = new LinkedHashMap<>();
        Map<List<String>, String> units = new LinkedHashMap<>();
        for (RoundResult r : rounds) {
            List<String> key = List.of(r.system(), r.workload(), r.metric());
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value());
            units.put(key, r.unit());
        }
        List<Result> out = new ArrayList<>();
        for (var e : values.entrySet()) {
            List<String> k = e.getKey();
            out.add(new Result(k.get(0), k.get(1), k.get(2), round(median(e.getValue())), units.get(k)));
        }
        return out;
    }

    public static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /** Four significant digits: enough for noisy figures, short in the JSON. */
    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 3 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }

    public static void write(Path file, Object value) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), value);
    }

    public static List<Result> readResults(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<List<Result>>() {});
    }

    public static List<RoundResult> readRounds(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<List<RoundResult>>() {});
    }

    public static Map<String, Object> readMap(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    }
}
