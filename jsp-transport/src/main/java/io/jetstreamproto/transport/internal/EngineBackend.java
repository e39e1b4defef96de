package io.jetstreamproto.transport.internal;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.core.internal.engine.ConnectionEvent;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A {@link ConnectionBackend} over the sans-IO {@link ConnectionEngine}: every call goes to the engine on the loop
 * and then to the {@link EngineHost}, which transmits and re-arms; the host calls {@link #drainEvents()} after the
 * engine had input, and this turns engine events into {@link ConnectionBackend.Events}.
 */
public final class EngineBackend implements ConnectionBackend {
    private final ConnectionEngine engine;
    private final EngineHost host;
    private final String substrate;
    private final long createdNanos = System.nanoTime();
    private Events events;
    private ArrayDeque<ConnectionEvent> early;
    private Consumer<EngineBackend> onEstablished;
    private boolean closedDelivered;
    /** Free for the host (e.g. the endpoint's entry for this connection). */
    public Object hostData;

    public EngineBackend(ConnectionEngine engine, EngineHost host, String substrate) {
        this.engine = engine;
        this.host = host;
        this.substrate = substrate;
    }

    public ConnectionEngine engine() {
        return engine;
    }

    /** Server side: called once, on the loop, when the handshake has completed (before {@link #start}). */
    public void onEstablished(Consumer<EngineBackend> callback) {
        this.onEstablished = callback;
    }

    @Override
    public EventLoop loop() {
        return host.loop();
    }

    @Override
    public void start(Events events) {
        this.events = events;
        if (early != null) {
            for (ConnectionEvent e = early.poll(); e != null; e = early.poll()) {
                deliver(e);
            }
            early = null;
        }
        events.readable();
    }

    @Override
    public String substrate() {
        return substrate;
    }

    @Override
    public boolean isClient() {
        return engine.isClient();
    }

    @Override
    public long createdNanos() {
        return createdNanos;
    }

    /** Delivers the engine's pending events. Called by the host on the loop after input, timers and calls. */
    public void drainEvents() {
        for (ConnectionEvent e = engine.pollEvent(); e != null; e = engine.pollEvent()) {
            if (e instanceof ConnectionEvent.Connected && onEstablished != null) {
                Consumer<EngineBackend> cb = onEstablished;
                onEstablished = null;
                queueOrDeliver(e);
                cb.accept(this);
                continue;
            }
            queueOrDeliver(e);
        }
        if (events != null && !closedDelivered) {
            events.readable();
        }
    }

    private void queueOrDeliver(ConnectionEvent e) {
        if (events == null) {
            if (early == null) {
                early = new ArrayDeque<>(2);
            }
            early.add(e);
        } else {
            deliver(e);
        }
    }

    private void deliver(ConnectionEvent e) {
        if (e instanceof ConnectionEvent.Connected c) {
            events.connected(c.summary());
        } else if (e instanceof ConnectionEvent.Writable) {
            events.writable();
        } else if (e instanceof ConnectionEvent.StreamOpened s) {
            events.streamOpened(s.streamId());
        } else if (e instanceof ConnectionEvent.StreamReset r) {
            events.streamReset(r.streamId(), r.errorCode());
        } else if (e instanceof ConnectionEvent.PathChanged p) {
            events.pathChanged(p.from(), p.to(), p.validated());
        } else if (e instanceof ConnectionEvent.Closed c) {
            events.readable(); // what arrived before the close is still delivered
            closedDelivered = true;
            events.closed(c.info(), engine.stats());
        } else if (e instanceof ConnectionEvent.MessagesAvailable) {
            events.readable();
        }
    }

    /** The engine's clock: the loop's ticker, as the host uses. */
    private long now() {
        return host.loop().ticker().nanoTime();
    }

    private void kick() {
        host.kick(this);
    }

    @Override
    public long openStream(DeliveryMode mode, Priority priority) {
        long id = engine.openStream(mode, priority);
        kick();
        return id;
    }

    @Override
    public boolean send(long streamId, ByteBuf message) {
        boolean taken = engine.send(streamId, message, now());
        if (taken) {
            kick();
        }
        return taken;
    }

    @Override
    public ReceivedMessage pollMessage() {
        return engine.pollMessage();
    }

    /** After the application consumed messages: the engine may extend flow-control windows. */
    public void consumed() {
        kick();
    }

    @Override
    public void closeStream(long streamId) {
        engine.closeStream(streamId);
        kick();
    }

    @Override
    public void resetStream(long streamId, long errorCode) {
        engine.resetStream(streamId, errorCode);
        kick();
    }

    @Override
    public void setCompression(long streamId, boolean on) {
        engine.setCompression(streamId, on);
    }

    @Override
    public boolean isOpen() {
        return engine.state() == ConnectionEngine.State.OPEN;
    }

    @Override
    public long bufferedBytes() {
        return engine.bufferedBytes();
    }

    @Override
    public void close(CloseReason reason, String phrase) {
        engine.close(reason, phrase, now());
        kick();
    }

    /** Ends the connection without telling the peer (shutdown of its endpoint). */
    public void abort(CloseReason reason, String phrase) {
        engine.abort(reason, phrase);
        drainEvents();
    }

    @Override
    public void closeAfterDelivery(long timeoutNanos) {
        engine.closeAfterDelivery(timeoutNanos, now());
        kick();
    }

    @Override
    public ConnectionStats stats() {
        return engine.stats();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return engine.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return host.localAddress();
    }

    @Override
    public String toString() {
        return "EngineBackend[" + substrate + ", " + engine + "]";
    }
}
