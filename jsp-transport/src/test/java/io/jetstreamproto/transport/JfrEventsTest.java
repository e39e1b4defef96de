package io.jetstreamproto.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sockets on loopback under a JFR recording: the io.jetstreamproto.* events carry what happened. */
class JfrEventsTest {
    private static final String COMPLETED = "io.jetstreamproto.HandshakeCompleted";
    private static final String FAILED = "io.jetstreamproto.HandshakeFailed";
    private static final String CLOSED = "io.jetstreamproto.ConnectionClosed";

    @Test
    void handshakesAndClosesAreRecorded(@TempDir Path dir) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(0, loopback)) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        Path file = dir.resolve("jsp.jfr");
        int serverPort;
        try (Recording recording = new Recording()) {
            recording.enable(COMPLETED);
            recording.enable(FAILED);
            recording.enable(CLOSED);
            recording.start();
            try (Listener server = Connection.listen(new InetSocketAddress(loopback, 0))) {
                serverPort = server.localAddress().getPort();
                Connection client = Connection.connect(server.localAddress(), ConnectionConfig.defaults(),
                        ServerTrust.pinned(server.publicKeys()));
                Connection peer = server.accept(Duration.ofSeconds(30));
                assertThat(peer).isNotNull();
                client.sendOnStream(client.openStream(DeliveryMode.RELIABLE, Priority.CHAT).id(), new byte[1000]);
                assertThat(peer.receive(Duration.ofSeconds(30))).isNotNull();
                client.close(CloseReason.NORMAL, "done");
                client.closeFuture().get(30, TimeUnit.SECONDS);
                peer.closeFuture().get(30, TimeUnit.SECONDS);
            }
            ConnectionConfig quick = ConnectionConfig.builder().handshakeTimeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> Connection.connect(new InetSocketAddress(loopback, closedPort), quick,
                    ServerTrust.insecureAcceptAnyServerKey())).isInstanceOf(ConnectionClosedException.class);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);

        List<RecordedEvent> completed = named(events, COMPLETED);
        assertThat(completed).hasSize(2); // client and server side
        assertThat(completed).extracting(e -> e.getBoolean("client")).containsExactlyInAnyOrder(true, false);
        for (RecordedEvent e : completed) {
            assertThat(e.getString("cipherSuite")).isNotBlank();
            assertThat(e.getLong("handshakeTime")).isPositive();
        }

        List<RecordedEvent> closed = named(events, CLOSED);
        assertThat(closed).hasSize(2);
        RecordedEvent clientClosed = closed.stream().filter(e -> e.getBoolean("client")).findFirst().orElseThrow();
        assertThat(clientClosed.getString("closeReason")).isEqualTo("NORMAL");
        assertThat(clientClosed.getBoolean("byPeer")).isFalse();
        assertThat(clientClosed.getLong("bytesSent")).isGreaterThanOrEqualTo(1000);
        assertThat(clientClosed.getString("remoteAddress")).contains(":" + serverPort);
        RecordedEvent serverClosed = closed.stream().filter(e -> !e.getBoolean("client")).findFirst().orElseThrow();
        assertThat(serverClosed.getBoolean("byPeer")).isTrue();
        assertThat(serverClosed.getLong("bytesReceived")).isGreaterThanOrEqualTo(1000);

        List<RecordedEvent> failed = named(events, FAILED);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).getBoolean("client")).isTrue();
        assertThat(failed.get(0).getString("remoteAddress")).contains(String.valueOf(closedPort));
        assertThat(failed.get(0).getString("closeReason")).isNotBlank();
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
