package io.jetstreamproto.micrometer;

import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Counters of a set of connections added up: those that closed (their final counters) plus the open ones (read on
 * demand). Summed rather than one meter per connection so that a server with thousands of connections exports a
 * handful of time series. Open connections are held weakly: one the application dropped without closing does not
 * leak through the metrics.
 */
final class ConnectionTotals {
    /** The per-connection counters that are summed, with their meter names (under jsp.connection.). */
    enum Counter {
        BYTES_SENT("bytes.sent", "bytes", "UDP payload bytes sent (1-RTT packets)", ConnectionStats::bytesSent),
        BYTES_RECEIVED("bytes.received", "bytes", "UDP payload bytes of authenticated 1-RTT packets received",
                ConnectionStats::bytesReceived),
        PACKETS_SENT("packets.sent", "packets", "1-RTT packets sent", ConnectionStats::packetsSent),
        PACKETS_RECEIVED("packets.received", "packets", "1-RTT packets authenticated and accepted",
                ConnectionStats::packetsReceived),
        PACKETS_LOST("packets.lost", "packets", "packets declared lost (FEC repair packets not included)",
                ConnectionStats::packetsLost),
        PACKETS_DROPPED("packets.dropped", "packets",
                "received packets dropped (malformed, unauthentic, duplicate, too old)", ConnectionStats::packetsDropped),
        PACKETS_RECOVERED("packets.recovered", "packets", "packets recovered by forward error correction",
                ConnectionStats::packetsRecovered),
        RETRANSMISSIONS("retransmissions", "fragments", "stream fragments sent again after a loss",
                ConnectionStats::fragmentsRetransmitted),
        SPURIOUS_LOSSES("spurious.losses", "packets", "packets declared lost that were acknowledged later",
                ConnectionStats::spuriousLosses),
        REPAIR_PACKETS_SENT("fec.repair.sent", "packets", "FEC repair packets sent",
                ConnectionStats::repairPacketsSent),
        MESSAGES_SENT("messages.sent", "messages", "messages accepted from the application",
                ConnectionStats::messagesSent),
        MESSAGES_RECEIVED("messages.received", "messages", "messages delivered to the application",
                ConnectionStats::messagesReceived),
        KEY_UPDATES("key.updates", "updates", "key phases switched", ConnectionStats::keyUpdates);

        final String name;
        final String unit;
        final String description;
        final ToLongFunction<ConnectionStats> read;

        Counter(String name, String unit, String description, ToLongFunction<ConnectionStats> read) {
            this.name = name;
            this.unit = unit;
            this.description = description;
            this.read = read;
        }
    }

    private static final Counter[] COUNTERS = Counter.values();

    private final Map<Connection, Boolean> open = new WeakHashMap<>(); // guarded by this
    private final long[] closed = new long[COUNTERS.length]; // guarded by this
    private final Consumer<ConnectionStats> onClose;
    private long[] sum;
    private long sumAt;

    /** {@code onClose} sees each tracked connection's final counters (off its event loop). */
    ConnectionTotals(Consumer<ConnectionStats> onClose) {
        this.onClose = onClose;
    }

    /** Includes {@code c} from now on. Any thread, including its event loop: never blocks on a loop. */
    void track(Connection c) {
        synchronized (this) {
            if (open.putIfAbsent(c, Boolean.TRUE) != null) {
                return;
            }
        }
        // async: stats() of a closed connection is its final snapshot, but the loop must not wait for our lock
        c.closeFuture().thenRunAsync(() -> closed(c));
    }

    private void closed(Connection c) {
        ConnectionStats s = c.stats();
        synchronized (this) {
            if (open.remove(c) == null) {
                return;
            }
            for (int i = 0; i < COUNTERS.length; i++) {
                closed[i] += COUNTERS[i].read.applyAsLong(s);
            }
            sum = null; // the next read includes it
        }
        onClose.accept(s);
    }

    /** Open tracked connections. */
    synchronized int openCount() {
        return open.size();
    }

    /** One counter's total; all are summed at most once per {@link EndpointSnapshot#TTL_NANOS}. */
    long get(Counter counter) {
        long[] s = sums();
        return s[counter.ordinal()];
    }

    private long[] sums() {
        List<Connection> live;
        long[] total;
        synchronized (this) {
            if (sum != null && System.nanoTime() - sumAt < EndpointSnapshot.TTL_NANOS) {
                return sum;
            }
            // the closed totals and the open set are taken together: a connection is in exactly one of them
            live = new ArrayList<>(open.keySet());
            total = closed.clone();
        }
        for (Connection c : live) { // outside the lock: each read hops onto the connection's loop
            ConnectionStats s;
            try {
                s = c.stats();
            } catch (IllegalStateException e) {
                continue; // its loop did not answer; it counts once it has closed
            }
            for (int i = 0; i < COUNTERS.length; i++) {
                total[i] += COUNTERS[i].read.applyAsLong(s);
            }
        }
        synchronized (this) {
            sum = total;
            sumAt = System.nanoTime();
        }
        return total;
    }
}
