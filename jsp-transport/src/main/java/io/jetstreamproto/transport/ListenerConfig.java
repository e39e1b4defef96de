package io.jetstreamproto.transport;

/**
 * Limits of a {@link Listener}, per socket (per event loop of its endpoint): immutable; start from
 * {@link #defaults()}.
 */
public final class ListenerConfig {
    private static final ListenerConfig DEFAULTS =
            new ListenerConfig(io.jetstreamproto.core.internal.endpoint.EndpointConfig.defaults());
    private final io.jetstreamproto.core.internal.endpoint.EndpointConfig internal;

    private ListenerConfig(io.jetstreamproto.core.internal.endpoint.EndpointConfig internal) {
        this.internal = internal;
    }

    /**
     * The defaults: 10,000 connections, 4,096 half-open handshakes, 1,024 queued ClientHellos, Retry under load.
     *
     * @return the default limits
     */
    public static ListenerConfig defaults() {
        return DEFAULTS;
    }

    /**
     * These limits with another retry policy.
     *
     * @param policy when clients must prove their address first
     * @return the new limits
     */
    public ListenerConfig withRetryPolicy(RetryPolicy policy) {
        return new ListenerConfig(internal.withRetryPolicy(
                io.jetstreamproto.core.internal.endpoint.EndpointConfig.RetryPolicy.valueOf(policy.name())));
    }

    /**
     * These limits with another connection limit.
     *
     * @param n live connections at most; beyond it new ClientHellos are dropped and counted
     * @return the new limits
     */
    public ListenerConfig withMaxConnections(int n) {
        return new ListenerConfig(internal.withMaxConnections(n));
    }

    /**
     * Live connections at most.
     *
     * @return the limit
     */
    public int maxConnections() {
        return internal.maxConnections();
    }

    /**
     * Handshakes not yet completed at most.
     *
     * @return the limit
     */
    public int maxHalfOpen() {
        return internal.maxHalfOpen();
    }

    /**
     * ClientHellos waiting for their cryptography at most.
     *
     * @return the limit
     */
    public int handshakeQueueCapacity() {
        return internal.handshakeQueueCapacity();
    }

    /**
     * When clients must prove their address first.
     *
     * @return the policy
     */
    public RetryPolicy retryPolicy() {
        return RetryPolicy.valueOf(internal.retryPolicy().name());
    }

    io.jetstreamproto.core.internal.endpoint.EndpointConfig internal() {
        return internal;
    }

    @Override
    public String toString() {
        return "ListenerConfig[" + maxConnections() + " connections, " + maxHalfOpen() + " half-open, queue "
                + handshakeQueueCapacity() + ", Retry " + retryPolicy() + "]";
    }
}
