package io.jetstreamproto.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: connect, exchange messages both ways, close. */
class LoopbackTest {

    @Test
    void clientAndServerExchangeMessagesAndClose() throws Exception {
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ServerTrust trust = ServerTrust.pinned(server.publicKeys());
            try (Connection client = Connection.connect(server.localAddress(), ConnectionConfig.defaults(), trust)) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                assertThat(peer).isNotNull();
                assertThat(client.handshake().serverFingerprint()).isEqualTo(server.publicKeys().fingerprint());

                Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
                for (int i = 0; i < 100; i++) {
                    s.send(("hello " + i).getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 100; i++) {
                    Message m = peer.receive(Duration.ofSeconds(10));
                    assertThat(m).as("message %d", i).isNotNull();
                    assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hello " + i);
                    peer.sendOnStream(m.streamId(), ("echo " + i).getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < 100; i++) {
                    Message m = client.receive(Duration.ofSeconds(10));
                    assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("echo " + i);
                }
                assertThat(client.stats().messagesReceived()).isEqualTo(100);
                client.close(CloseReason.NORMAL, "done");
                assertThat(peer.closeFuture().get().reason()).isEqualTo(CloseReason.NORMAL);
                assertThat(peer.closeFuture().get().byPeer()).isTrue();
                assertThatThrownBy(() -> peer.receive()).isInstanceOf(ConnectionClosedException.class);
            }
        }
    }

    @Test
    void connectingWhereNothingListensFailsClearlyAndQuickly() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // a port that is now closed
        }
        long start = System.nanoTime();
        ConnectionConfig quick = ConnectionConfig.builder().handshakeTimeout(Duration.ofSeconds(3)).build();
        assertThatThrownBy(() -> Connection.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), quick,
                ServerTrust.insecureAcceptAnyServerKey())).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining(String.valueOf(port));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void closeAfterDeliveryDeliversEverythingQueuedThenCloses() throws Exception {
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Connection client = Connection.connect(server.localAddress(), ConnectionConfig.defaults(),
                    ServerTrust.pinned(server.publicKeys()));
            Connection peer = server.accept(Duration.ofSeconds(10));
            Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
            int messages = 200;
            for (int i = 0; i < messages; i++) {
                byte[] m = new byte[32 * 1024];
                m[0] = (byte) i;
                s.sendAsync(m); // queued, most not yet sent when the close is requested
            }
            var closing = client.closeAfterDelivery(Duration.ofSeconds(30));
            for (int i = 0; i < messages; i++) {
                Message m = peer.receive(Duration.ofSeconds(10));
                assertThat(m).as("message %d delivered before the close", i).isNotNull();
                assertThat(m.data()[0]).isEqualTo((byte) i);
            }
            var info = closing.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(info.reason()).isEqualTo(CloseReason.NORMAL);
            assertThat(peer.closeFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).reason())
                    .isEqualTo(CloseReason.NORMAL);
            assertThat(client.stats().messagesSent()).as("counters readable after the close").isEqualTo(messages);
            assertThat(peer.stats().messagesReceived()).isEqualTo(messages);
        }
    }

    @Test
    void connectsByHostNameAndOverIpv6() throws Exception {
        try (Listener server = Connection.listen(new InetSocketAddress(0))) { // wildcard: IPv4 and IPv6
            int port = server.localAddress().getPort();
            ServerTrust trust = ServerTrust.pinned(server.publicKeys());
            try (Connection byName = Connection.connect("localhost:" + port, ConnectionConfig.defaults(), trust)) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                byName.openStream(DeliveryMode.RELIABLE, Priority.CHAT).send(new byte[] {42});
                assertThat(peer.receive(Duration.ofSeconds(10)).data()).containsExactly(42);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(hasIpv6Loopback(), "no IPv6 loopback on this machine");
            try (Connection v6 = Connection.connect("[::1]:" + port, ConnectionConfig.defaults(), trust)) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                v6.openStream(DeliveryMode.RELIABLE, Priority.CHAT).send("over IPv6".getBytes(StandardCharsets.UTF_8));
                Message m = peer.receive(Duration.ofSeconds(10));
                assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("over IPv6");
                assertThat(v6.remoteAddress().getAddress()).isInstanceOf(java.net.Inet6Address.class);
                assertThat(peer.remoteAddress().getAddress()).isInstanceOf(java.net.Inet6Address.class);
            }
        }
    }

    private static boolean hasIpv6Loopback() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
