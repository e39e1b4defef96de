package io.jetstreamproto.transport.internal.udp;

import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * Internal: what a {@code Connection} needs from whatever drives its engine (a client channel, or the server
 * endpoint of a listener). Every method except {@link #loop()} and the address getters must run on {@link #loop()}.
 */
public interface EngineDriver {
    /** Receives what the engine produced. Called on the loop. */
    interface Sink {
        void onEvent(ConnectionEvent event);

        /** Messages may be waiting in the engine. */
        void onInput();
    }

    EventLoop loop();

    ConnectionEngine engine();

    /** Sends what the engine has, re-arms its timer and delivers its events to the sink. */
    void flush();

    void setSink(Sink sink);

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** Frees transport resources once the engine has terminated (closes a client's channel). */
    void release();
}
