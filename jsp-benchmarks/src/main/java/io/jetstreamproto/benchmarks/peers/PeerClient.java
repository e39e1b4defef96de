package io.jetstreamproto.benchmarks.peers;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** One client connection of one system. */
public interface PeerClient extends AutoCloseable {

    /**
     * Sends bulk data as fast as the system accepts it until {@code stop} turns true (or the client is closed);
     * blocks the calling thread meanwhile.
     */
    void sendBulk(BooleanSupplier stop) throws Exception;

    /** ECHO mode: sends {@code request} and blocks until the whole answer is back; throws after a few seconds. */
    void roundTrip(byte[] request) throws Exception;

    /** LATENCY mode: sends one record (its first 8 bytes are a timestamp); should not block for long. */
    void sendRecord(byte[] record) throws Exception;

    /**
     * Transport counters of this connection's sending side where the system exposes them, e.g.
     * {@code retransmitted_bytes}, {@code parity_bytes}, {@code packets_lost}. Empty when there are none.
     */
    default Map<String, Double> senderStats() {
        return Map.of();
    }

    /** Closes the connection and waits (briefly) until it is closed. */
    @Override
    void close() throws Exception;
}
