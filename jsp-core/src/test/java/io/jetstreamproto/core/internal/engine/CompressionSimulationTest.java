package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.ConnectionStats;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.endpoint.EndpointConfig;
import io.jetstreamproto.core.internal.endpoint.EndpointConnection;
import io.jetstreamproto.core.internal.sim.LinkModel;
import io.jetstreamproto.core.internal.sim.Simulation;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** LZ4 on the wire (issue 5): text shrinks and arrives identical, incompressible data stops being tried. */
class CompressionSimulationTest {
    private static final EndpointConfig ENDPOINT =
            EndpointConfig.defaults().withRetryPolicy(EndpointConfig.RetryPolicy.NEVER);

    private static byte[] chatLine(int i) {
        return ("{\"user\":\"user" + (i % 7) + "\",\"room\":\"general\",\"text\":\"message number " + i
                + " in the general room, the quick brown fox jumps over the lazy dog again and again\"}")
                .repeat(6).getBytes(StandardCharsets.UTF_8);
    }

    private record Result(List<byte[]> received, ConnectionStats client) {}

    private static Result transfer(ConnectionConfig config, List<byte[]> messages, boolean perStream) {
        try (Simulation sim = new Simulation(31, config, ENDPOINT)) {
            sim.up = LinkModel.ideal().delay(5).loss(0.02);
            sim.down = LinkModel.ideal().delay(5);
            Simulation.Client c = sim.connect(config);
            EndpointConnection s = SimSupport.open(sim, c);
            long stream = c.engine.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
            if (perStream) {
                c.engine.setCompression(stream, true);
            }
            int[] next = {0};
            List<byte[]> received = new ArrayList<>();
            boolean done = sim.runUntil(() -> {
                while (next[0] < messages.size()
                        && c.engine.send(stream, Unpooled.wrappedBuffer(messages.get(next[0])), sim.now())) {
                    next[0]++;
                }
                for (ReceivedMessage m = s.engine().pollMessage(); m != null; m = s.engine().pollMessage()) {
                    byte[] a = new byte[m.data().readableBytes()];
                    m.data().getBytes(m.data().readerIndex(), a);
                    m.data().release();
                    assertThat(m.compressed()).isFalse();
                    received.add(a);
                }
                return received.size() >= messages.size();
            }, 600_000_000_000L);
            assertThat(done).isTrue();
            return new Result(received, c.engine.stats());
        }
    }

    @Test
    void textIsCompressedOnTheWireAndArrivesIdentical() {
        List<byte[]> text = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            text.add(chatLine(i));
        }
        Result plain = transfer(ConnectionConfig.builder().build(), text, false);
        Result lz4 = transfer(ConnectionConfig.builder().compression(true).build(), text, false);
        Result perStream = transfer(ConnectionConfig.builder().build(), text, true);
        assertThat(lz4.received()).containsExactlyElementsOf(text);
        assertThat(perStream.received()).containsExactlyElementsOf(text);
        assertThat(plain.client().messagesCompressed()).isZero();
        assertThat(lz4.client().messagesCompressed()).isEqualTo(text.size());
        assertThat(perStream.client().messagesCompressed()).isEqualTo(text.size());
        double ratio = (double) lz4.client().bytesSent() / plain.client().bytesSent();
        System.out.printf("LZ4 on chat-like JSON text (%d B messages): %d bytes on the wire vs %d without, ratio %.2f%n",
                text.get(0).length, lz4.client().bytesSent(), plain.client().bytesSent(), ratio);
        assertThat(ratio).isLessThan(0.5);
    }

    @Test
    void incompressibleDataIsSentAsIsAndSoonNotEvenTried() {
        List<byte[]> random = new ArrayList<>();
        Random r = new Random(5);
        for (int i = 0; i < 1000; i++) {
            byte[] b = new byte[2000];
            r.nextBytes(b);
            random.add(b);
        }
        Result lz4 = transfer(ConnectionConfig.builder().compression(true).build(), random, false);
        Result plain = transfer(ConnectionConfig.builder().build(), random, false);
        assertThat(lz4.received()).containsExactlyElementsOf(random);
        assertThat(lz4.client().messagesCompressed()).isZero();
        assertThat(lz4.client().bytesSent()).isEqualTo(plain.client().bytesSent());
    }
}
