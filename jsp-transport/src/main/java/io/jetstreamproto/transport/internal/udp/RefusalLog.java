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
        String line = summary(last, now);
        last = now;
        if (line != null) {
            Loggers.LISTENER.debug("listener on {}, last {} s: {}", endpoint.localAddress(), PERIOD_SECONDS, line);
        }
    }

    /**
     * What changed from {@code before} (null: all zero, as when listening started) to {@code now}, or null if no
     * refusal, Retry, bad token or failed handshake happened.
     */
    static String summary(EndpointStats before, EndpointStats now) {
        long connLimit = now.refusedConnectionLimit() - (before == null ? 0 : before.refusedConnectionLimit());
        long halfOpen = now.refusedHalfOpenLimit() - (before == null ? 0 : before.refusedHalfOpenLimit());
        long queueFull = now.refusedHandshakeQueueFull() - (before == null ? 0 : before.refusedHandshakeQueueFull());
        long failed = now.handshakesFailed() - (before == null ? 0 : before.handshakesFailed());
        GateStats g = now.gate();
        GateStats gb = before == null ? null : before.gate();
        long retries = g == null ? 0 : g.retriesSent() - (gb == null ? 0 : gb.retriesSent());
        long badTokens = g == null ? 0 : g.invalidTokens() - (gb == null ? 0 : gb.invalidTokens());
        long tooSmall = g == null ? 0 : g.tooSmall() - (gb == null ? 0 : gb.tooSmall());
        if (connLimit + halfOpen + queueFull + failed + retries + badTokens + tooSmall == 0) {
            return null;
        }
        return "refused " + connLimit + " at the connection limit, " + halfOpen + " at the half-open limit, "
                + queueFull + " with the handshake queue full; " + retries + " Retry sent, " + badTokens
                + " invalid tokens, " + tooSmall + " Initials too small, " + failed + " handshakes failed"
                + (failed > 0 ? " (last: " + now.lastFailure() + ")" : "");
    }
}
