package io.jetstreamproto.benchmarks.peers;

/**
 * Sizes and durations of one harness run. {@link #full()} is what {@code peers.sh} runs by default, {@link #quick()}
 * the CI smoke run (under 3 minutes on the 2-core machine).
 *
 * @param rounds            rounds; every workload runs once per system per round, systems alternating
 * @param warmupSeconds     bulk transfers run this long before the measured window opens
 * @param windowSeconds     measured window of a bulk transfer
 * @param parallel          connections of the parallel workload
 * @param rrSize            request size of request/response
 * @param rrWarmup          round trips before the measured ones
 * @param rrSamples         measured round trips
 * @param handshakeWarmup   handshakes before the measured ones
 * @param handshakes        measured sequential handshakes
 * @param rateThreads       concurrent clients of the handshake-rate measurement
 * @param rateSeconds       duration of the handshake-rate measurement
 * @param idleConnections   idle connections opened for the heap figure
 * @param recordSize        message size of the latency-under-loss measurement
 * @param recordsPerSecond  its fixed sending rate
 * @param latencySeconds    how long records are sent
 */
public record Settings(int rounds, double warmupSeconds, double windowSeconds, int parallel, int rrSize,
        int rrWarmup, int rrSamples, int handshakeWarmup, int handshakes, int rateThreads, double rateSeconds,
        int idleConnections, int recordSize, int recordsPerSecond, double latencySeconds) {

    public static Settings full() {
        return new Settings(3, 1.5, 4, 10, 64, 2000, 20_000, 50, 300, 4, 4, 10_000, 1024, 200, 5);
    }

    public static Settings quick() {
        return new Settings(1, 0.5, 1, 10, 64, 200, 1000, 5, 30, 4, 1, 50, 1024, 500, 1);
    }

    public Settings withRounds(int r) {
        return new Settings(r, warmupSeconds, windowSeconds, parallel, rrSize, rrWarmup, rrSamples, handshakeWarmup,
                handshakes, rateThreads, rateSeconds, idleConnections, recordSize, recordsPerSecond, latencySeconds);
    }

    public Settings withIdleConnections(int n) {
        return new Settings(rounds, warmupSeconds, windowSeconds, parallel, rrSize, rrWarmup, rrSamples,
                handshakeWarmup, handshakes, rateThreads, rateSeconds, n, recordSize, recordsPerSecond, latencySeconds);
    }

    public Settings withWindow(double warmup, double window) {
        return new Settings(rounds, warmup, window, parallel, rrSize, rrWarmup, rrSamples, handshakeWarmup,
                handshakes, rateThreads, rateSeconds, idleConnections, recordSize, recordsPerSecond, latencySeconds);
    }
}
