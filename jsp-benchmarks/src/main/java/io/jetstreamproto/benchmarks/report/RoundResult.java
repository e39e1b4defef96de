package io.jetstreamproto.benchmarks.report;

/** One round's value of one figure (the spread behind a {@link Result}'s median). */
public record RoundResult(int round, String system, String workload, String metric, double value, String unit) {}
