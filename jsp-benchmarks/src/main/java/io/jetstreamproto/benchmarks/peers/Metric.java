package io.jetstreamproto.benchmarks.peers;

/** One measured value of one workload on one system. */
public record Metric(String name, double value, String unit) {}
