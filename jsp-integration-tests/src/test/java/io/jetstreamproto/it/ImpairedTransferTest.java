package io.jetstreamproto.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.examples.ImpairmentProxy;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A 100 MiB transfer through the impairment proxy (5 % loss each way plus reordering) arrives intact. */
class ImpairedTransferTest {
    static final int CHUNK = 64 * 1024;

    @Test
    void hundredMebibytesThroughFivePercentLossArriveWithTheSameSha256() throws Exception {
        long total = 100L << 20;
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ImpairmentProxy proxy = new ImpairmentProxy(server.localAddress(), 5)
                        .impair(0.05, 2_000)) {
            ConnectionConfig cfg = ConnectionConfig.builder().heartbeatTimeoutCount(10).build();
            try (Connection client = Connection.connect(proxy.address(), cfg,
                    ServerTrust.pinned(server.publicKeys()))) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
                MessageDigest sent = MessageDigest.getInstance("SHA-256");
                MessageDigest received = MessageDigest.getInstance("SHA-256");
                Thread reader = new Thread(() -> {
                    try {
                        long got = 0;
                        while (got < total) {
                            Message m = peer.receive(Duration.ofSeconds(30));
                            if (m == null) {
                                return;
                            }
                            received.update(m.data());
                            got += m.data().length;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                reader.start();
                Random data = new Random(100);
                byte[] chunk = new byte[CHUNK];
                long start = System.nanoTime();
                for (long off = 0; off < total; off += CHUNK) {
                    data.nextBytes(chunk);
                    sent.update(chunk);
                    s.send(chunk);
                }
                reader.join(Duration.ofMinutes(5).toMillis());
                double seconds = (System.nanoTime() - start) / 1e9;
                ConnectionStats stats = client.stats();
                System.out.printf("100 MiB through 5%% loss: %.1f s, %.1f Mbit/s, lost %d (spurious %d, reordering"
                        + " threshold %d), retransmitted %d, proxy dropped %d%n", seconds, total * 8 / seconds / 1e6,
                        stats.packetsLost(), stats.spuriousLosses(), stats.reorderingThreshold(),
                        stats.fragmentsRetransmitted(), proxy.dropped());
                assertThat(reader.isAlive()).as("transfer finished within 5 minutes").isFalse();
                assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(HexFormat.of().formatHex(sent.digest()));
                assertThat(stats.packetsLost()).isPositive();
                assertThat(proxy.dropped()).isPositive();
            }
        }
    }

    @Test
    void withFecCompressionAndCompactHeadersOnRealSocketsLossesAreRepairedAndTextShrinks() throws Exception {
        ConnectionConfig cfg = ConnectionConfig.builder().heartbeatTimeoutCount(10).fecEnabled(true)
                .compression(true).enableHeaderCompression(true).build();
        int messages = 4000;
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), cfg);
                ImpairmentProxy proxy = new ImpairmentProxy(server.localAddress(), 9)
                        .impair(0.05, 0)) {
            try (Connection client = Connection.connect(proxy.address(), cfg,
                    ServerTrust.pinned(server.publicKeys()))) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
                MessageDigest sent = MessageDigest.getInstance("SHA-256");
                MessageDigest received = MessageDigest.getInstance("SHA-256");
                long textBytes = 0;
                for (int i = 0; i < messages; i++) {
                    byte[] m = ("{\"seq\":" + i + ",\"text\":\"" + "lorem ipsum dolor sit amet ".repeat(40 + i % 20)
                            + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    sent.update(m);
                    textBytes += m.length;
                    s.send(m);
                }
                for (int i = 0; i < messages; i++) {
                    Message m = peer.receive(Duration.ofSeconds(30));
                    assertThat(m).as("message %d", i).isNotNull();
                    received.update(m.data());
                }
                ConnectionStats cs = client.stats();
                ConnectionStats ps = peer.stats();
                System.out.printf("FEC 10:2 + LZ4 through 5%% loss: %d B of text sent as %d B; %d repair packets,"
                        + " %d packets rebuilt at the receiver, %d retransmitted%n", textBytes, cs.bytesSent(),
                        cs.repairPacketsSent(), ps.packetsRecovered(), cs.fragmentsRetransmitted());
                assertThat(received.digest()).isEqualTo(sent.digest());
                assertThat(cs.messagesCompressed()).isEqualTo(messages);
                assertThat(cs.bytesSent()).isLessThan(textBytes / 2);
                assertThat(cs.repairPacketsSent()).isPositive();
                assertThat(ps.packetsRecovered()).isPositive();
            }
        }
    }
}
