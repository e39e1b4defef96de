package io.jetstreamproto.micrometer;

import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Endpoint;
import io.jetstreamproto.transport.EndpointStats;
import io.jetstreamproto.transport.EventListener;
import io.jetstreamproto.transport.HandshakeInfo;
import io.jetstreamproto.transport.Listener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Micrometer meters over one {@link Endpoint}'s (or {@link Listener}'s) statistics and the summed counters of its
 * connections.
 *
 * <pre>{@code
 * Listener server = Connection.listen(address, config, identity);
 * JspMetrics.of(server, Tags.of("service", "chat")).bindTo(registry); // accepted connections are tracked
 *
 * JspMetrics client = JspMetrics.of(endpoint, Tags.empty());
 * client.bindTo(registry);
 * client.track(endpoint.connect(...));                               // outgoing ones are tracked explicitly
 * }</pre>
 *
 * <p><b>Meters.</b> {@code jsp.endpoint.*}: live connections (both directions), pending handshakes, handshakes by
 * result, ClientHellos refused by limit, datagrams and drops by reason, Retries sent — the {@link EndpointStats}.
 * {@code jsp.connection.*}: the {@link io.jetstreamproto.transport.ConnectionStats} counters (bytes, packets, losses,
 * retransmissions, FEC recoveries, messages...) summed over every tracked connection, closed ones included, so that
 * they only grow; {@code jsp.connection.open}: tracked connections not yet closed; {@code jsp.connection.rtt}: a
 * timer fed once per connection, at its close, with its smoothed round-trip time then (a distribution over
 * connections, not over RTT samples).
 *
 * <p><b>Cost and lifetime.</b> Reading the counters visits the endpoint's event loops (and each open connection's);
 * a scrape reads them once and the values are reused for a second. The meters hold the endpoint weakly and the
 * connections too: a closed endpoint reports its last values, one that was garbage-collected reports NaN, and
 * nothing here keeps either alive. Never call a scrape from an event loop.
 */
public final class JspMetrics implements MeterBinder {
    private final Endpoint endpoint;
    private final Tags tags;
    private final EndpointSnapshot snapshot = new EndpointSnapshot();
    private final ConnectionTotals connections;
    private final List<Timer> rttTimers;

    private JspMetrics(Endpoint endpoint, Iterable<Tag> tags) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.tags = Tags.of(tags);
        // the meters reach these through their functions: they must not capture this (which holds the endpoint)
        List<Timer> timers = new CopyOnWriteArrayList<>();
        this.rttTimers = timers;
        this.connections = new ConnectionTotals(s -> {
            if (s.smoothedRttNanos() > 0) {
                for (Timer t : timers) {
                    t.record(Duration.ofNanos(s.smoothedRttNanos()));
                }
            }
        });
    }

    /** Meters of {@code endpoint}; add its connections with {@link #track}. */
    public static JspMetrics of(Endpoint endpoint, Iterable<Tag> tags) {
        return new JspMetrics(endpoint, tags);
    }

    /** Meters of {@code listener}'s endpoint; every connection it accepts from now on is tracked. */
    public static JspMetrics of(Listener listener, Iterable<Tag> tags) {
        JspMetrics m = new JspMetrics(listener.endpoint(), tags);
        listener.addListener(new EventListener() {
            @Override
            public void handshakeFinished(Connection connection, HandshakeInfo handshake) {
                m.track(connection);
            }
        });
        return m;
    }

    /** Adds {@code connection}'s counters to {@code jsp.connection.*} (idempotent; any thread). */
    public JspMetrics track(Connection connection) {
        connections.track(connection);
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Endpoint e = endpoint; // the meters' weakly held object; the functions below must not capture it
        EndpointSnapshot snap = snapshot;
        gauge(registry, "jsp.endpoint.connections", "live connections, both directions", "connections", e,
                Endpoint::connectionCount);
        gauge(registry, "jsp.endpoint.handshakes.pending", "handshake jobs queued or running", "handshakes", e,
                x -> stat(snap, x, EndpointStats::handshakesPending));
        counter(registry, "jsp.endpoint.handshakes", Tags.of("result", "completed"), "server handshakes that made a"
                + " connection", e, EndpointStats::handshakesCompleted);
        counter(registry, "jsp.endpoint.handshakes", Tags.of("result", "failed"), "server handshakes that failed", e,
                EndpointStats::handshakesFailed);
        counter(registry, "jsp.endpoint.handshakes", Tags.of("result", "duplicate"), "handshake jobs discarded as"
                + " duplicates", e, EndpointStats::handshakesDuplicated);
        counter(registry, "jsp.endpoint.refused", Tags.of("reason", "connection_limit"), "ClientHellos dropped at"
                + " the connection limit", e, EndpointStats::refusedConnectionLimit);
        counter(registry, "jsp.endpoint.refused", Tags.of("reason", "half_open_limit"), "ClientHellos dropped at the"
                + " half-open limit", e, EndpointStats::refusedHalfOpenLimit);
        counter(registry, "jsp.endpoint.refused", Tags.of("reason", "handshake_queue_full"), "ClientHellos dropped"
                + " because the handshake queue was full", e, EndpointStats::refusedHandshakeQueueFull);
        counter(registry, "jsp.endpoint.retries.sent", Tags.empty(), "Retry replies sent (address validation)", e,
                EndpointStats::retriesSent);
        counter(registry, "jsp.endpoint.connections.closed", Tags.empty(), "connections removed after closing", e,
                EndpointStats::connectionsClosed);
        counter(registry, "jsp.endpoint.datagrams.received", Tags.empty(), "datagrams handed to the endpoint", e,
                EndpointStats::datagramsReceived);
        FunctionCounter.builder("jsp.endpoint.datagrams.sent", e, x -> (double) x.datagramsSent())
                .description("datagrams sent").baseUnit("datagrams").tags(tags).register(registry);
        FunctionCounter.builder("jsp.endpoint.socket.errors", e, x -> (double) x.socketErrors())
                .description("socket errors (ICMP errors, failed writes)").baseUnit("errors").tags(tags)
                .register(registry);
        dropped(registry, "malformed", "datagrams without a readable connection id", EndpointStats::malformed);
        dropped(registry, "unknown_connection", "1-RTT packets for no connection", EndpointStats::unknownConnection);
        dropped(registry, "too_small", "Initial datagrams under 1200 bytes", EndpointStats::tooSmall);
        dropped(registry, "invalid_token", "Initials with an invalid, expired or foreign token",
                EndpointStats::invalidTokens);
        dropped(registry, "initial_malformed", "undecodable Initial datagrams", EndpointStats::initialsMalformed);

        ConnectionTotals totals = connections;
        Gauge.builder("jsp.connection.open", e, x -> totals.openCount()).description("tracked connections not yet"
                + " closed").baseUnit("connections").tags(tags).register(registry);
        for (ConnectionTotals.Counter c : ConnectionTotals.Counter.values()) {
            FunctionCounter.builder("jsp.connection." + c.name, e, x -> (double) totals.get(c))
                    .description(c.description + ", summed over tracked connections").baseUnit(c.unit).tags(tags)
                    .register(registry);
        }
        rttTimers.add(Timer.builder("jsp.connection.rtt").description("smoothed round-trip time of each tracked"
                + " connection when it closed").tags(tags).register(registry));
    }

    private void counter(MeterRegistry registry, String name, Tags extra, String description, Endpoint e,
            ToLongFunction<EndpointStats> read) {
        EndpointSnapshot snap = snapshot;
        FunctionCounter.builder(name, e, x -> stat(snap, x, read)).description(description).tags(tags.and(extra))
                .register(registry);
    }

    private void dropped(MeterRegistry registry, String reason, String description,
            ToLongFunction<EndpointStats> read) {
        counter(registry, "jsp.endpoint.dropped", Tags.of("reason", reason), description, endpoint, read);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, Endpoint e,
            ToDoubleFunction<Endpoint> read) {
        Gauge.builder(name, e, read).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private static double stat(EndpointSnapshot snap, Endpoint e, ToLongFunction<EndpointStats> read) {
        EndpointStats s = snap.get(e);
        return s == null ? 0 : read.applyAsLong(s);
    }
}
