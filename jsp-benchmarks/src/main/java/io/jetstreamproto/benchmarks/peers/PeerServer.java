package io.jetstreamproto.benchmarks.peers;

import java.net.InetSocketAddress;
import org.HdrHistogram.Histogram;

/** A running benchmark server of one system. */
public interface PeerServer extends AutoCloseable {

    InetSocketAddress address();

    /** What clients in this JVM need to trust this server (JSP's keys, a certificate), or null. */
    Object trust();

    /** SINK mode: bytes received so far on each connection, in the order the connections arrived. */
    long[] bytesPerConnection();

    /** LATENCY mode: the one-way latencies (ns) recorded since the last call; then starts a new interval. */
    Histogram takeLatencies();

    /** Records received in LATENCY mode so far. */
    long recordsReceived();

    @Override
    void close() throws Exception;
}
