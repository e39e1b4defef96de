package io.jetstreamproto.transport.internal.udp;

import io.jetstreamproto.core.internal.endpoint.EndpointStats;
import io.jetstreamproto.crypto.internal.session.GateStats;
import io.jetstreamproto.transport.internal.Loggers;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Logs, at DEBUG, what a listening endpoint refused or answered with a Retry in the last period. Those decisions are
 * taken per datagram — thousands a second under a flood — so they are summed and logged at most once a period
 * instead of one line each. Runs only while DEBUG is enabled for the listener logger when listening starts.
 */
final class RefusalLog {
    static final long PERIOD_SECONDS = 10;

    private final UdpEndpoint endpoint;
    private final ScheduledFuture<?> task;
    private EndpointStats last; // guarded by this: the stats complete on whichever loop answers last

    private RefusalLog(UdpEndpoint endpoint, EventLoop loop) {
        this.endpoint = endpoint;
        this.task = loop.scheduleAtFixedRate(this::tick, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts logging if DEBUG is on for the listener logger, else returns null. */
    static RefusalLog startIfEnabled(UdpEndpoint endpoint, EventLoop loop) {
        return Loggers.LISTENER.isDebugEnabled() ? new RefusalLog(endpoint, loop) : null;
    }

    void stop() {
        task.cancel(false);
    }

    private void tick() {
        if (!endpoint.isClosed()) {
            endpoint.stats().thenAccept(this::report);
        }
    }

    private synchronized void report(EndpointStats now) {
        EndpointStats before = last; // null on the first tick: the counters started at zero with listening
        last = now;
        long queueFull = now.refusedHandshakeQueueFull() - (before == null ? 0 : before.refusedHandshakeQueueFull());
        long connLimit = now.refusedConnectionLimit() - (before == null ? 0 : before.refusedConnectionLimit());
        long halfOpen = now.refusedHalfOpenLimit() - (before == null ? 0 : before.refusedHalfOpenLimit());
        long failed = now.handshakesFailed() - (before == null ? 0 : before.handshakesFailed());
        GateStats g = now.gate();
        GateStats gb = before == null ? null : before.gate();
        long retries = g == null ? 0 : g.retriesSent() - (gb == null ? 0 : gb.retriesSent());
        long badTokens = g == null ? 0 : g.invalidTokens() - (gb == null ? 0 : gb.invalidTokens());
        long tooSmall = g == null ? 0 : g.tooSmall() - (gb == null ? 0 : gb.tooSmall());
        if (queueFull + connLimit + halfOpen + failed + retries + badTokens + tooSmall == 0) {
            return;
        }
        Loggers.LISTENER.debug("listener on {}, last {} s: refused {} at the connection limit, {} at the half-open"
                + " limit, {} with the handshake queue full; {} Retry sent, {} invalid tokens, {} Initials too small,"
                + " {} handshakes failed (last: {})", endpoint.localAddress(), PERIOD_SECONDS, connLimit, halfOpen,
                queueFull, retries, badTokens, tooSmall, failed, now.lastFailure());
    }
}
