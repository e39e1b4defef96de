package io.jetstreamproto.core.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server endpoint's defences against handshake load (SR-29/SR-30 area): address validation only under load
 * (RetryPolicy.UNDER_LOAD), a bounded handshake queue, a sticky load state that ends one second after the load.
 * Handshake jobs are not run unless a test says so, so the queue fills exactly as it would while the workers are busy.
 */
class ServerEndpointLoadTest {
    private static final long T0 = 5_000_000_000L;
    private static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4433);
    private final RandomSource random = RandomSource.deterministicForTesting(77);
    private final ServerIdentity identity = ServerIdentity.generate(random, false);
    private final List<ConnectionEngine> clients = new ArrayList<>();

    private DatagramEndpoint endpoint(EndpointConfig config) {
        return DatagramEndpoint.server(ConnectionConfig.defaults(), new ServerHandshakeParams(
                List.of(ProtocolVersion.V1), SuitePreference.hardwareDefault(), List.of(identity), PskStore.none(),
                new byte[0]), config, ConnectionIdLayout.single(), random, UnpooledByteBufAllocator.DEFAULT, T0);
    }

    /** Sends the first flight of a new client from a distinct address; returns how many datagrams it got back at once. */
    private int hello(DatagramEndpoint server, int n, long now) {
        ConnectionEngine client = ConnectionEngine.client(ConnectionConfig.defaults(),
                ClientSessionConfig.defaults(ServerTrust.pinned(identity.publicKeys()), "test"), SERVER, random,
                UnpooledByteBufAllocator.DEFAULT, now);
        clients.add(client);
        InetSocketAddress from = address(n);
        for (ByteBuf d = client.pollTransmit(now); d != null; d = client.pollTransmit(now)) {
            try {
                server.handleDatagram(d, from, now);
            } finally {
                d.release();
            }
        }
        int replies = 0;
        for (ByteBuf d = server.pollTransmit(now); d != null; d = server.pollTransmit(now)) {
            d.release();
            if (server.transmitDestination().equals(from)) {
                replies++; // others are earlier clients' handshake flights
            }
        }
        return replies;
    }

    private static InetSocketAddress address(int n) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 1, (byte) (n >> 8), (byte) n}), 5000);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @org.junit.jupiter.api.AfterEach
    void abortClients() {
        for (ConnectionEngine c : clients) {
            c.abort(CloseReason.NORMAL, "test over");
        }
    }

    @Test
    void anIdleServerQueuesAHandshakeWithoutARetryRoundTrip() {
        DatagramEndpoint server = endpoint(EndpointConfig.defaults());
        assertThat(hello(server, 1, T0)).isZero();
        assertThat(server.stats().gate().retriesSent()).isZero();
        assertThat(server.stats().handshakesPending()).isEqualTo(1);
        server.runHandshakesInline(T0);
        assertThat(server.stats().handshakesCompleted()).isEqualTo(1);
    }

    @Test
    void underLoadNewClientsMustProveTheirAddressUntilOneSecondAfterTheLoadEnds() {
        EndpointConfig config = EndpointConfig.defaults();
        int threshold = config.handshakeQueueCapacity() / 8;
        DatagramEndpoint server = endpoint(config);
        for (int i = 0; i < threshold; i++) {
            assertThat(hello(server, i, T0)).as("client %d before the load threshold", i).isZero();
        }
        assertThat(server.stats().handshakesPending()).isEqualTo(threshold);
        // one Retry per datagram of the first flight, each much smaller than the datagram it answers
        int retries = hello(server, threshold, T0);
        assertThat(retries).as("Retry").isPositive();
        assertThat(server.stats().gate().retriesSent()).isEqualTo(retries);
        assertThat(server.stats().handshakesPending()).isEqualTo(threshold);

        server.runHandshakesInline(T0); // the workers catch up: the queue is empty, the load state is sticky
        assertThat(hello(server, threshold + 1, T0 + 999_000_000L)).as("still under load").isEqualTo(retries);
        assertThat(hello(server, threshold + 2, T0 + 1_000_000_000L)).as("load over").isZero();
        assertThat(server.stats().gate().retriesSent()).isEqualTo(2L * retries);
        assertThat(server.stats().handshakesPending()).isEqualTo(1);
    }

    @Test
    void alwaysRequiresRetryAndNeverDoesNot() {
        DatagramEndpoint always = endpoint(EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.ALWAYS));
        assertThat(hello(always, 1, T0)).isPositive();
        assertThat(always.stats().handshakesPending()).isZero();

        DatagramEndpoint never = endpoint(new EndpointConfig(100, 100, 16, EndpointConfig.RetryPolicy.NEVER));
        for (int i = 0; i < 20; i++) {
            assertThat(hello(never, i, T0)).isZero();
        }
        assertThat(never.stats().gate().retriesSent()).isZero();
        assertThat(never.stats().handshakesPending()).as("bounded queue").isEqualTo(16);
        assertThat(never.stats().refusedHandshakeQueueFull()).isEqualTo(4);
    }

    @Test
    void connectionAndHalfOpenLimitsRefuseNewHandshakes() {
        DatagramEndpoint server = endpoint(new EndpointConfig(3, 100, 100, EndpointConfig.RetryPolicy.NEVER));
        for (int i = 0; i < 5; i++) {
            hello(server, i, T0);
            server.runHandshakesInline(T0);
        }
        assertThat(server.connectionCount()).isEqualTo(3);
        assertThat(server.stats().refusedConnectionLimit()).isEqualTo(2);

        DatagramEndpoint halfOpen = endpoint(new EndpointConfig(100, 2, 100, EndpointConfig.RetryPolicy.NEVER));
        for (int i = 0; i < 4; i++) {
            hello(halfOpen, i, T0);
            halfOpen.runHandshakesInline(T0); // server side exists, client never finishes: half-open
        }
        assertThat(halfOpen.connectionCount()).isEqualTo(2);
        assertThat(halfOpen.stats().refusedHalfOpenLimit()).isEqualTo(2);
    }
}
