package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;

/**
 * One connection of a {@link DatagramEndpoint}, client or server side: its engine and the endpoint's bookkeeping
 * (routing keys, place in the timer heap, queue flags). The transport attaches its own per-connection object.
 */
public final class EndpointConnection {
    final ConnectionEngine engine;
    /** Ids of the client's first Initial (server side; retransmitted ClientHellos still carry them), or null. */
    final ConnectionId originalDcid;
    final ConnectionId initialDcid;
    int heapIndex = -1;
    long deadline = Long.MAX_VALUE;
    boolean dirty;
    boolean touched;
    boolean halfOpen;
    boolean removed;
    /** Routed by its remote address for compact packets without a connection id (client side). */
    boolean routedByAddress;
    /** Free for the transport to attach its per-connection object. */
    public Object attachment;

    EndpointConnection(ConnectionEngine engine, ConnectionId originalDcid, ConnectionId initialDcid) {
        this.engine = engine;
        this.originalDcid = originalDcid;
        this.initialDcid = initialDcid;
    }

    public ConnectionEngine engine() {
        return engine;
    }

    /** Whether the endpoint has forgotten this connection (its engine terminated). */
    public boolean isRemoved() {
        return removed;
    }

    @Override
    public String toString() {
        return "EndpointConnection[" + engine.remoteAddress() + ", " + engine + "]";
    }
}
