package io.jetstreamproto.benchmarks.netem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The proxy on loopback: several clients at once, each answered on its own path, and several servers. */
class LinkProxyTest {

    private static DatagramChannel bound() throws Exception {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ch;
    }

    private static String receive(DatagramChannel ch, SocketAddress[] from) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        from[0] = ch.receive(buf);
        buf.flip();
        return StandardCharsets.UTF_8.decode(buf).toString();
    }

    @Test
    void servesSeveralClientsAtOnceAndRoutesAnswersBack() throws Exception {
        try (DatagramChannel server = bound();
                LinkProxy proxy = LinkProxy.start((InetSocketAddress) server.getLocalAddress(), LinkModel.clean(), 1)) {
            DatagramChannel[] clients = new DatagramChannel[3];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = bound();
                clients[i].send(ByteBuffer.wrap(("hello " + i).getBytes(StandardCharsets.UTF_8)), proxy.address());
            }
            Set<SocketAddress> peers = new HashSet<>();
            for (int i = 0; i < clients.length; i++) {
                SocketAddress[] from = new SocketAddress[1];
                String text = receive(server, from);
                peers.add(from[0]);
                // answer each one: the reply must reach exactly the client that sent it
                server.send(ByteBuffer.wrap(("re " + text).getBytes(StandardCharsets.UTF_8)), from[0]);
            }
            assertThat(peers).hasSize(3); // one upstream socket per client, as a NAT
            for (int i = 0; i < clients.length; i++) {
                assertThat(receive(clients[i], new SocketAddress[1])).isEqualTo("re hello " + i);
                clients[i].close();
            }
            assertThat(proxy.clients()).isEqualTo(3);
            assertThat(proxy.upstream().received()).isEqualTo(3);
            assertThat(proxy.downstream().received()).isEqualTo(3);
        }
    }

    @Test
    void delaysAndKeepsOrderWithoutJitter() throws Exception {
        try (DatagramChannel server = bound();
                DatagramChannel client = bound();
                LinkProxy proxy = LinkProxy.start((InetSocketAddress) server.getLocalAddress(),
                        LinkModel.clean().withDelay(20_000, 0), 1)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                client.send(ByteBuffer.wrap(String.valueOf(i).getBytes(StandardCharsets.UTF_8)), proxy.address());
            }
            for (int i = 0; i < 50; i++) {
                assertThat(receive(server, new SocketAddress[1])).isEqualTo(String.valueOf(i));
            }
            // a lower bound only (a loaded machine may add any delay, never remove it)
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(20_000_000L);
        }
    }

    @Test
    void oneLinkInFrontOfSeveralServers() throws Exception {
        try (DatagramChannel a = bound();
                DatagramChannel b = bound();
                DatagramChannel client = bound();
                LinkProxy proxy = LinkProxy.start(List.of((InetSocketAddress) a.getLocalAddress(),
                        (InetSocketAddress) b.getLocalAddress()), LinkModel.clean(), 1)) {
            client.send(ByteBuffer.wrap("to a".getBytes(StandardCharsets.UTF_8)), proxy.address(0));
            client.send(ByteBuffer.wrap("to b".getBytes(StandardCharsets.UTF_8)), proxy.address(1));
            assertThat(receive(a, new SocketAddress[1])).isEqualTo("to a");
            assertThat(receive(b, new SocketAddress[1])).isEqualTo("to b");
            assertThat(proxy.upstream().received()).isEqualTo(2);
        }
    }
}
