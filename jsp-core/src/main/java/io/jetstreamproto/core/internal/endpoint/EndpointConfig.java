package io.jetstreamproto.core.internal.endpoint;

/**
 * Limits of a server endpoint (one UDP socket).
 *
 * @param maxConnections          live connections at most (default 10,000); more ClientHellos are dropped and counted
 * @param maxHalfOpen             handshakes not yet confirmed at most (default 4,096)
 * @param handshakeQueueCapacity  ClientHellos waiting for their cryptography at most (default 1,024); beyond it new
 *                                ones are dropped and counted, and from an eighth of it on the server is "under load"
 * @param retryPolicy             when clients must prove their address with a Retry round trip
 */
public record EndpointConfig(int maxConnections, int maxHalfOpen, int handshakeQueueCapacity, RetryPolicy retryPolicy) {
    /** When a stateless Retry is required before any handshake state is kept. */
    public enum RetryPolicy {
        /** Never (fastest handshakes; only for trusted networks). */
        NEVER,
        /** While the handshake queue is at least an eighth full, and for one second after (default; WireGuard's rule). */
        UNDER_LOAD,
        /** Always (every handshake costs one more round trip). */
        ALWAYS
    }

    public EndpointConfig {
        if (maxConnections < 1 || maxHalfOpen < 1 || handshakeQueueCapacity < 8 || retryPolicy == null) {
            throw new IllegalArgumentException("endpoint limits must be positive (queue ≥ 8)");
        }
    }

    public static EndpointConfig defaults() {
        return new EndpointConfig(10_000, 4_096, 1_024, RetryPolicy.UNDER_LOAD);
    }

    public EndpointConfig withRetryPolicy(RetryPolicy p) {
        return new EndpointConfig(maxConnections, maxHalfOpen, handshakeQueueCapacity, p);
    }

    public EndpointConfig withMaxConnections(int n) {
        return new EndpointConfig(n, maxHalfOpen, handshakeQueueCapacity, retryPolicy);
    }
}
