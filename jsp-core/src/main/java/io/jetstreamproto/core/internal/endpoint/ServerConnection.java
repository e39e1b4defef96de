package io.jetstreamproto.core.internal.endpoint;

import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/** One connection of a {@link ServerEndpoint}: its engine, the client's address and the events not yet consumed. */
public final class ServerConnection {
    final ConnectionEngine engine;
    final InetSocketAddress address;
    final ConnectionId originalDcid;
    final ConnectionId initialDcid;
    final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>();
    long timerDeadline = Long.MAX_VALUE;
    boolean removed;
    /** Free for the transport to attach its per-connection object. */
    public Object attachment;

    ServerConnection(ConnectionEngine engine, InetSocketAddress address, ConnectionId originalDcid,
            ConnectionId initialDcid) {
        this.engine = engine;
        this.address = address;
        this.originalDcid = originalDcid;
        this.initialDcid = initialDcid;
    }

    public ConnectionEngine engine() {
        return engine;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The next event of this connection (the endpoint collects them from the engine), or null. */
    public ConnectionEvent pollEvent() {
        return events.poll();
    }

    @Override
    public String toString() {
        return "ServerConnection[" + address + ", " + engine + "]";
    }
}
