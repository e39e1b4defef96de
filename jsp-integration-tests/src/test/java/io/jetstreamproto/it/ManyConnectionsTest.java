package io.jetstreamproto.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ListenerConfig;
import io.jetstreamproto.transport.RetryPolicy;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** 1,000 concurrent connections to one server socket, each exchanging messages both ways. */
class ManyConnectionsTest {

    @Test
    void thousandConnectionsExchangeMessagesBothWays() throws Exception {
        int n = 1000;
        int perConnection = 5;
        ServerIdentity identity = ServerIdentity.generate(false);
        // Handshakes arrive in a burst: no Retry round trip here, the test is about many live connections
        ListenerConfig endpoint = ListenerConfig.defaults().withRetryPolicy(RetryPolicy.NEVER);
        // 1,000 hybrid handshakes in one burst take seconds of CPU; on a loaded 2-core machine more than the
        // default 10 s handshake timeout. The test is about many live connections, not handshake latency.
        ConnectionConfig patient = ConnectionConfig.builder().handshakeTimeout(java.time.Duration.ofSeconds(120))
                .build();
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                patient, identity, endpoint)) {
            AtomicInteger echoed = new AtomicInteger();
            server.onConnection(peer -> peer.onMessage(m -> {
                peer.sendAsync(m.streamId(), m.data()); // echo on the event loop: async only
                echoed.incrementAndGet();
            }));
            ServerTrust trust = ServerTrust.pinned(identity.publicKeys());
            List<CompletableFuture<Connection>> connecting = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                connecting.add(Connection.connectAsync(server.localAddress(), patient, trust));
            }
            List<Connection> clients = new ArrayList<>();
            for (CompletableFuture<Connection> f : connecting) {
                try {
                    clients.add(f.get(120, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("connect failed; server " + server.stats(), e);
                }
            }
            assertThat(server.stats().connections()).as("%s", server.stats()).isEqualTo(n);
            ConcurrentHashMap<Integer, Integer> answers = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                Connection c = clients.get(i);
                long stream = c.openStream(DeliveryMode.RELIABLE, Priority.CHAT).id();
                for (int k = 0; k < perConnection; k++) {
                    c.sendAsync(stream, ByteBuffer.allocate(8).putInt(i).putInt(k).array());
                }
            }
            for (int i = 0; i < n; i++) {
                Connection c = clients.get(i);
                for (int k = 0; k < perConnection; k++) {
                    Message m = c.receive(java.time.Duration.ofSeconds(60));
                    assertThat(m).as("connection %d message %d", i, k).isNotNull();
                    ByteBuffer b = ByteBuffer.wrap(m.data());
                    assertThat(b.getInt()).isEqualTo(i);
                    answers.merge(i, 1, Integer::sum);
                }
            }
            assertThat(answers).hasSize(n);
            assertThat(answers.values()).allMatch(v -> v == perConnection);
            assertThat(echoed.get()).isEqualTo(n * perConnection);
            for (Connection c : clients) {
                c.close();
            }
            for (Connection c : clients) {
                c.closeFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
