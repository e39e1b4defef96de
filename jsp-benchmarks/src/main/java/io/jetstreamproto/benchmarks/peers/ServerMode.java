package io.jetstreamproto.benchmarks.peers;

/** What a benchmark server does with what it receives. */
public enum ServerMode {
    /** Counts the bytes of every connection and throws them away (bulk and parallel transfers, idle connections). */
    SINK,
    /** Sends every message back on the same connection (request/response). */
    ECHO,
    /**
     * Reads fixed-size records whose first 8 bytes are the sender's {@link System#nanoTime()} and records the
     * one-way latency (client and server share the clock: same JVM).
     */
    LATENCY
}
