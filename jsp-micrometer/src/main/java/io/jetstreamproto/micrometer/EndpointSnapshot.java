package io.jetstreamproto.micrometer;

import io.jetstreamproto.transport.Endpoint;
import io.jetstreamproto.transport.EndpointStats;

/**
 * The endpoint's counters, read at most once per {@link #TTL_NANOS} however many meters ask during one scrape (each
 * read visits every event loop of the endpoint). Holds no reference to the endpoint: the meters hold it weakly and
 * pass it in, so that the binder does not keep a closed endpoint alive. Once the endpoint is closed its last counters
 * stay (its loops may be gone).
 */
final class EndpointSnapshot {
    static final long TTL_NANOS = 1_000_000_000L;

    private EndpointStats last;
    private long readAt;

    synchronized EndpointStats get(Endpoint endpoint) {
        long now = System.nanoTime();
        if (last != null && (endpoint.isClosed() || now - readAt < TTL_NANOS)) {
            return last;
        }
        if (endpoint.isClosed()) {
            return null; // closed before the first scrape: nothing to report
        }
        try {
            last = endpoint.stats();
            readAt = now;
        } catch (IllegalStateException e) {
            // closing while we asked: keep what we had
        }
        return last;
    }
}
