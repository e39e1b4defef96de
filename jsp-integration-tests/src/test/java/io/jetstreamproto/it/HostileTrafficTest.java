package io.jetstreamproto.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.EndpointStats;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.examples.ImpairmentProxy;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Hostile traffic aimed at a server's port while it serves a real connection: every hostile datagram is dropped and
 * counted, and the real connection carries on (issue 4: "malformed, truncated, forged and replayed datagrams ... are
 * dropped and counted, and the transfer completes"; "a ClientHello flood does not stop an established connection").
 */
class HostileTrafficTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void malformedTruncatedForgedAndReplayedDatagramsAreDroppedAndCountedWhileATransferCompletes() throws Exception {
        long total = 32L << 20;
        int chunkSize = 64 * 1024;
        long kernelDropsBefore = udpReceiveBufferErrors();
        try (Listener server = Connection.listen(new InetSocketAddress(LOOPBACK, 0));
                ImpairmentProxy observer = new ImpairmentProxy(server.localAddress(), 11);
                DatagramChannel attacker = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            // The proxy forwards faithfully; it only lets the attacker see real client packets, as an on-path observer
            ArrayBlockingQueue<byte[]> captured = new ArrayBlockingQueue<>(64);
            AtomicLong seen = new AtomicLong();
            observer.tapUpstream(d -> {
                if (seen.incrementAndGet() % 16 == 0) {
                    captured.offer(d);
                }
            });
            try (Connection client = Connection.connect(observer.address(), ConnectionConfig.defaults(),
                    ServerTrust.pinned(server.publicKeys()))) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                MessageDigest received = MessageDigest.getInstance("SHA-256");
                Thread reader = new Thread(() -> {
                    try {
                        for (long got = 0; got < total; ) {
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
                }, "reader");
                reader.start();

                AtomicBoolean transferring = new AtomicBoolean(true);
                HostileCounts sent = new HostileCounts();
                Thread attack = new Thread(() -> attack(attacker, server.localAddress(), captured, transferring, sent),
                        "attacker");
                attack.start();

                Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.BULK);
                MessageDigest sentDigest = MessageDigest.getInstance("SHA-256");
                Random data = new Random(4);
                byte[] chunk = new byte[chunkSize];
                for (long off = 0; off < total; off += chunkSize) {
                    data.nextBytes(chunk);
                    sentDigest.update(chunk);
                    s.send(chunk);
                }
                reader.join(TimeUnit.MINUTES.toMillis(3));
                transferring.set(false);
                attack.join();

                assertThat(reader.isAlive()).as("transfer finished").isFalse();
                assertThat(HexFormat.of().formatHex(received.digest()))
                        .isEqualTo(HexFormat.of().formatHex(sentDigest.digest()));
                assertThat(peer.isOpen()).isTrue();
                assertThat(client.isOpen()).isTrue();

                // Ask the peer for its counters on its own loop, after the last hostile datagram was handled: one
                // more round trip on the connection orders it behind everything the socket had queued.
                s.send(new byte[] {1});
                assertThat(peer.receive(Duration.ofSeconds(10))).isNotNull();
                ConnectionStats ps = peer.stats();
                EndpointStats es = server.stats();
                long kernelDrops = udpReceiveBufferErrors() - kernelDropsBefore;
                System.out.printf("hostile datagrams sent: %s; server endpoint: %s; server connection dropped %d"
                        + " (duplicates %d); kernel receive-buffer drops %d%n", sent, es, ps.packetsDropped(),
                        ps.duplicatesDropped(), kernelDrops);
                assertThat(sent.replayed.get()).isPositive();
                assertThat(sent.forged.get()).isPositive();
                assertThat(sent.truncated.get()).isPositive();
                assertThat(sent.garbage.get()).isPositive();
                // Each kind is counted where it belongs...
                assertThat(ps.duplicatesDropped()).as("replays").isPositive();
                assertThat(ps.packetsDropped() - ps.duplicatesDropped()).as("forgeries and truncations").isPositive();
                assertThat(es.malformed() + es.initialsMalformed() + es.tooSmall()).as("malformed").isPositive();
                assertThat(es.unknownConnection()).as("garbage for no connection").isPositive();
                // ...and nothing goes uncounted, except what the kernel dropped before we could read it.
                long counted = ps.packetsDropped() + es.malformed() + es.unknownConnection() + es.initialsMalformed()
                        + es.tooSmall() + es.versionNegotiations() + es.invalidTokens();
                assertThat(counted + kernelDrops).as("dropped and counted").isGreaterThanOrEqualTo(sent.total());
            }
        }
    }

    /** What the attacker sent, by kind. */
    private static final class HostileCounts {
        final AtomicLong replayed = new AtomicLong();
        final AtomicLong forged = new AtomicLong();
        final AtomicLong truncated = new AtomicLong();
        final AtomicLong garbage = new AtomicLong();

        long total() {
            return replayed.get() + forged.get() + truncated.get() + garbage.get();
        }

        @Override
        public String toString() {
            return "replayed=" + replayed + " forged=" + forged + " truncated=" + truncated + " garbage=" + garbage;
        }
    }

    private static void attack(DatagramChannel attacker, InetSocketAddress target, ArrayBlockingQueue<byte[]> captured,
            AtomicBoolean running, HostileCounts sent) {
        Random r = new Random(99);
        try {
            while (running.get()) {
                byte[] real = captured.poll(50, TimeUnit.MILLISECONDS);
                if (real == null) {
                    continue;
                }
                boolean shortHeader = (real[0] & 0xC0) == 0x40 && real.length > 17 + 16;
                if (shortHeader) {
                    send(attacker, target, real);
                    sent.replayed.incrementAndGet();

                    byte[] payloadFlip = real.clone();
                    payloadFlip[17 + r.nextInt(real.length - 17)] ^= (byte) (1 << r.nextInt(8));
                    send(attacker, target, payloadFlip);
                    sent.forged.incrementAndGet();

                    byte[] packetNumberFlip = real.clone();
                    packetNumberFlip[9 + r.nextInt(8)] ^= (byte) (1 << r.nextInt(8));
                    send(attacker, target, packetNumberFlip);
                    sent.forged.incrementAndGet();

                    send(attacker, target, Arrays.copyOf(real, 1 + r.nextInt(real.length - 1)));
                    sent.truncated.incrementAndGet();
                }
                byte[] junk = new byte[1 + r.nextInt(1400)];
                r.nextBytes(junk);
                junk[0] = (byte) (0x40 | (junk[0] & 0x3F)); // short header for a connection id nobody has
                send(attacker, target, junk);
                sent.garbage.incrementAndGet();

                byte[] junkLong = new byte[1 + r.nextInt(1400)];
                r.nextBytes(junkLong);
                junkLong[0] = (byte) (0xC0 | (junkLong[0] & 0x3F)); // long header, random version and ids
                send(attacker, target, junkLong);
                sent.garbage.incrementAndGet();
            }
        } catch (InterruptedException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(DatagramChannel ch, InetSocketAddress to, byte[] d) throws IOException {
        ch.send(ByteBuffer.wrap(d), to);
    }

    @Test
    void clientHelloFloodDoesNotStopAnEstablishedConnection() throws Exception {
        List<List<byte[]>> hellos = realClientHellos(1500);
        try (Listener server = Connection.listen(new InetSocketAddress(LOOPBACK, 0))) {
            server.onConnection(peer -> peer.onMessage(m -> peer.sendAsync(m.streamId(), m.data())));
            try (Connection client = Connection.connect(server.localAddress(), ConnectionConfig.defaults(),
                    ServerTrust.pinned(server.publicKeys()))) {
                Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
                AtomicBoolean flooding = new AtomicBoolean(true);
                AtomicLong floodDatagrams = new AtomicLong();
                Thread flooder = new Thread(() -> flood(server.localAddress(), hellos, flooding, floodDatagrams),
                        "flooder");
                flooder.start();
                long[] rtts = new long[300];
                try {
                    for (int i = 0; i < rtts.length; i++) {
                        byte[] ping = ByteBuffer.allocate(8).putLong(i).array();
                        long t0 = System.nanoTime();
                        s.send(ping);
                        Message m = client.receive(Duration.ofSeconds(5));
                        rtts[i] = System.nanoTime() - t0;
                        assertThat(m).as("echo %d during the flood of %d datagrams; server %s", i,
                                floodDatagrams.get(), server.stats()).isNotNull();
                        assertThat(m.data()).isEqualTo(ping);
                    }
                } finally {
                    flooding.set(false);
                    flooder.join();
                }
                Arrays.sort(rtts);
                EndpointStats es = server.stats();
                System.out.printf("during a flood of %d ClientHello datagrams: echo RTT p50 %.2f ms, max %.2f ms;"
                        + " server %s%n", floodDatagrams.get(), rtts[rtts.length / 2] / 1e6,
                        rtts[rtts.length - 1] / 1e6, es);
                assertThat(client.isOpen()).isTrue();
                assertThat(es.clientHellosAccepted() + es.retriesSent()).as("the flood reached the server")
                        .isGreaterThan(100);
                assertThat(es.retriesSent() + es.refusedHandshakeQueueFull() + es.refusedHalfOpenLimit())
                        .as("the server defended itself (Retry or refusal) instead of queueing without bound")
                        .isPositive();
            }
        }
    }

    /** Complete, valid first flights of distinct clients: each costs the server a full handshake computation. */
    private static List<List<byte[]>> realClientHellos(int n) {
        RandomSource random = RandomSource.of(new SecureRandom());
        ClientSessionConfig session = ClientSessionConfig.defaults(
                io.jetstreamproto.crypto.internal.identity.ServerTrust.insecureAcceptAnyServerKey(), "flood");
        List<List<byte[]>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ConnectionEngine e = ConnectionEngine.client(io.jetstreamproto.core.internal.ConnectionConfig.defaults(), session,
                    new InetSocketAddress(LOOPBACK, 4433), random,
                    UnpooledByteBufAllocator.DEFAULT, System.nanoTime());
            List<byte[]> flight = new ArrayList<>();
            for (ByteBuf d = e.pollTransmit(System.nanoTime()); d != null; d = e.pollTransmit(System.nanoTime())) {
                byte[] b = new byte[d.readableBytes()];
                d.readBytes(b);
                d.release();
                flight.add(b);
            }
            e.abort(io.jetstreamproto.core.internal.CloseReason.NORMAL, "flood material only");
            out.add(flight);
        }
        return out;
    }

    private static final int HELLOS_PER_SECOND = 4_000;

    private static void flood(InetSocketAddress target, List<List<byte[]>> hellos, AtomicBoolean running,
            AtomicLong count) {
        List<DatagramChannel> sources = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                sources.add(DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
            }
            // Paced at a rate the socket can carry but far beyond what the handshake workers can compute: the test is
            // about the handshake queue, not about a volumetric flood that fills the kernel's receive buffer.
            long start = System.nanoTime();
            for (int i = 0; running.get(); i++) {
                long due = start + i * (1_000_000_000L / HELLOS_PER_SECOND);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                DatagramChannel from = sources.get(i % sources.size());
                for (byte[] d : hellos.get(i % hellos.size())) {
                    from.send(ByteBuffer.wrap(d), target);
                    count.incrementAndGet();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            for (DatagramChannel c : sources) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a datagram channel does not fail in a way that matters here
                }
            }
        }
    }

    /** UDP datagrams the kernel dropped for full receive buffers (Linux), or 0 where it does not say. */
    private static long udpReceiveBufferErrors() throws IOException {
        Path snmp = Path.of("/proc/net/snmp");
        if (!Files.isReadable(snmp)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(snmp);
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                List<String> names = Arrays.asList(lines.get(i).split("\\s+"));
                String[] values = lines.get(i + 1).split("\\s+");
                int idx = names.indexOf("RcvbufErrors");
                return idx < 0 ? 0 : Long.parseLong(values[idx]);
            }
        }
        return 0;
    }
}
