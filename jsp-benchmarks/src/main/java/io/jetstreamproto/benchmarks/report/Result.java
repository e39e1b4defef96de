package io.jetstreamproto.benchmarks.report;

/**
 * One figure of a benchmark run, as written to the JSON file: one object per system × workload × metric.
 *
 * @param system   "JSP/UDP", "Netty QUIC", ...
 * @param workload "bulk", "rr-64B", "loss-5%", "rtt100ms-loss2%", ...
 * @param metric   "goodput", "p99", ...
 * @param value    the median over the run's rounds
 * @param unit     "Mbit/s", "µs", "bytes", "1/s", "1"
 */
public record Result(String system, String workload, String metric, double value, String unit) {}
