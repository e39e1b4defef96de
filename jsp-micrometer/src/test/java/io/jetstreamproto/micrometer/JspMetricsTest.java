package io.jetstreamproto.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Endpoint;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerTrust;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** A listener and a client on loopback, both bound to one registry: the meters count what was transferred. */
class JspMetricsTest {
    private static final int MESSAGES = 100;
    private static final int SIZE = 1000;
    private static final Tags SERVER = Tags.of("side", "server");
    private static final Tags CLIENT = Tags.of("side", "client");

    @Test
    void countsHandshakesBytesAndConnectionsOfARealTransfer() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Listener server = Connection.listen(new InetSocketAddress(loopback, 0));
                Endpoint clientEndpoint = Endpoint.builder().bind(new InetSocketAddress(loopback, 0)).build()) {
            JspMetrics.of(server, SERVER).bindTo(registry);
            JspMetrics clientMetrics = JspMetrics.of(clientEndpoint, CLIENT);
            clientMetrics.bindTo(registry);

            Connection client = clientEndpoint.connect(server.localAddress(), ConnectionConfig.defaults(),
                    ServerTrust.pinned(server.publicKeys()));
            clientMetrics.track(client);
            Connection peer = server.accept(Duration.ofSeconds(30));
            assertThat(peer).isNotNull();
            long stream = client.openStream(DeliveryMode.RELIABLE, Priority.BULK).id();
            for (int i = 0; i < MESSAGES; i++) {
                client.sendOnStream(stream, new byte[SIZE]);
            }
            for (int i = 0; i < MESSAGES; i++) {
                Message m = peer.receive(Duration.ofSeconds(30));
                assertThat(m).as("message %d", i).isNotNull();
            }

            assertThat(gauge(registry, "jsp.endpoint.connections", SERVER)).isEqualTo(1);
            assertThat(gauge(registry, "jsp.endpoint.connections", CLIENT)).isEqualTo(1);
            assertThat(gauge(registry, "jsp.connection.open", SERVER)).isEqualTo(1);
            assertThat(gauge(registry, "jsp.connection.open", CLIENT)).isEqualTo(1);
            assertThat(counter(registry, "jsp.endpoint.handshakes", SERVER.and("result", "completed"))).isEqualTo(1);
            assertThat(counter(registry, "jsp.endpoint.handshakes", SERVER.and("result", "failed"))).isZero();
            assertThat(counter(registry, "jsp.endpoint.datagrams.received", SERVER)).isPositive();
            assertThat(counter(registry, "jsp.endpoint.datagrams.sent", CLIENT)).isPositive();
            assertThat(counter(registry, "jsp.connection.messages.sent", CLIENT)).isEqualTo(MESSAGES);
            assertThat(counter(registry, "jsp.connection.bytes.sent", CLIENT)).isGreaterThanOrEqualTo(MESSAGES * SIZE);
            assertThat(counter(registry, "jsp.connection.messages.received", SERVER)).isEqualTo(MESSAGES);
            assertThat(counter(registry, "jsp.connection.bytes.received", SERVER))
                    .isGreaterThanOrEqualTo(MESSAGES * SIZE);
            assertThat(counter(registry, "jsp.connection.packets.sent", CLIENT))
                    .isGreaterThanOrEqualTo(counter(registry, "jsp.connection.packets.received", SERVER));

            client.close(CloseReason.NORMAL, "done");
            client.closeFuture().get(30, TimeUnit.SECONDS);
            peer.closeFuture().get(30, TimeUnit.SECONDS);

            // the endpoint removes a closed connection and the binder adds up its final counters asynchronously
            await(() -> gauge(registry, "jsp.endpoint.connections", SERVER) == 0);
            await(() -> gauge(registry, "jsp.endpoint.connections", CLIENT) == 0);
            await(() -> gauge(registry, "jsp.connection.open", SERVER) == 0);
            await(() -> gauge(registry, "jsp.connection.open", CLIENT) == 0);
            await(() -> counter(registry, "jsp.endpoint.connections.closed", SERVER) == 1);
            // closed connections stay in the totals: the counters never go down
            assertThat(counter(registry, "jsp.connection.messages.sent", CLIENT)).isEqualTo(MESSAGES);
            assertThat(counter(registry, "jsp.connection.bytes.received", SERVER))
                    .isGreaterThanOrEqualTo(MESSAGES * SIZE);
            Timer rtt = registry.get("jsp.connection.rtt").tags(CLIENT).timer();
            assertThat(rtt.count()).isEqualTo(1);
            assertThat(rtt.max(TimeUnit.NANOSECONDS)).isPositive();
        }
        // closed endpoints keep reporting their last values, promptly and without failing a scrape
        long start = System.nanoTime();
        registry.getMeters().forEach(m -> m.measure().forEach(Measurement::getValue));
        assertThat(counter(registry, "jsp.endpoint.handshakes", SERVER.and("result", "completed"))).isEqualTo(1);
        assertThat(counter(registry, "jsp.connection.messages.sent", CLIENT)).isEqualTo(MESSAGES);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static double gauge(MeterRegistry registry, String name, Tags tags) {
        Gauge g = registry.get(name).tags(tags).gauge();
        return g.value();
    }

    private static double counter(MeterRegistry registry, String name, Tags tags) {
        FunctionCounter c = registry.get(name).tags(tags).functionCounter();
        return c.count();
    }

    /** Waits for a condition that follows from a completed close, generously (the machine may be loaded). */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("condition within 30 s").isTrue();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
