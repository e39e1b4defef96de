package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.HandshakeInfo;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The README's main demo: a server and a client in one process over real UDP sockets on loopback. The client pins the
 * server's key, they chat, a generated file crosses with its SHA-256 verified, and the negotiated parameters and the
 * connection's counters are printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Server and client in one process over UDP on loopback: handshake with a pinned key, chat "
                + "messages both ways, a file transfer with SHA-256 check, then the connection's statistics.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--hybrid-auth", description = "Server authenticates with Ed25519 and ML-DSA-65 (default: Ed25519).")
    boolean hybrid;

    @Option(names = "--messages", defaultValue = "3",
            description = "Chat messages each way (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--file-size", paramLabel = "BYTES", defaultValue = "8M", converter = Cli.SizeConverter.class,
            description = "Size of the generated file, e.g. 8M (default: ${DEFAULT-VALUE}).")
    long fileSize;

    @Mixin
    WireOptions wire;

    @Override
    public Integer call() throws Exception {
        if (messages < 0 || fileSize < 0 || fileSize > (4L << 30)) {
            throw Cli.usageError(spec, "--messages must be >= 0 and --file-size between 0 and 4G");
        }
        PrintStream out = System.out;
        long t0 = System.nanoTime();
        ServerIdentity identity = ServerIdentity.generate(hybrid);
        Path dir = Files.createTempDirectory("jsp-demo");
        Path input = dir.resolve("generated.bin");
        Path output = dir.resolve("received.bin");
        ConnectionConfig config = wire.apply(ConnectionConfig.defaults());
        out.println("JetStreamProto demo: a server and a client in this process, over UDP on loopback");
        out.println("  AES hardware support " + SuitePreference.hasAesIntrinsics() + " -> suite preference "
                + SuitePreference.hardwareDefault().stream().map(CipherSuite::displayName).toList());
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                config, identity)) {
            out.println("  server listening on  " + server.localAddress().getAddress().getHostAddress() + ":"
                    + server.localAddress().getPort() + ", key "
                    + server.publicKeys().fingerprint() + " (" + identity.mode() + ")");
            // the client knows the server's key in advance (pinning): no trust-on-first-use question arises
            ServerTrust pinned = ServerTrust.pinned(server.publicKeys());
            long hs = System.nanoTime();
            try (Connection client = Connection.connect(server.localAddress(), config, pinned)) {
                long handshakeNanos = System.nanoTime() - hs;
                Connection peer = server.accept(Duration.ofSeconds(5));
                if (peer == null) {
                    throw new ExampleException("the server did not accept the connection within 5 s");
                }
                HandshakeInfo h = client.handshake();
                out.println("  handshake            " + Cli.millis(handshakeNanos) + " (including key generation "
                        + "on a worker pool)");
                out.println("  protocol             " + h);
                out.println("  cipher suite         " + h.cipherSuite().displayName());
                out.println("  key exchange         " + h.keyExchange() + " (hybrid post-quantum)");
                out.println("  server key           " + h.serverFingerprint() + " (" + h.authentication() + ")");
                out.println("  trust                " + h.trust());
                out.println("  wire options         " + wire.describe() + " (both sides)");

                chat(client, peer, out);
                transfer(client, peer, input, output, out);

                ConnectionStats s = client.stats();
                ConnectionStats p = peer.stats();
                out.println("  client stats         rtt " + Cli.millis(s.smoothedRttNanos()) + " (min "
                        + Cli.millis(s.minRttNanos()) + "), packets sent " + s.packetsSent() + ", received "
                        + s.packetsReceived() + ", lost " + s.packetsLost() + ", retransmitted fragments "
                        + s.fragmentsRetransmitted() + ", dropped " + s.packetsDropped());
                out.println("  server stats         packets sent " + p.packetsSent() + ", received "
                        + p.packetsReceived() + ", lost " + p.packetsLost() + ", messages received "
                        + p.messagesReceived());
                out.println("  client FEC/LZ4       " + WireOptions.summary(config, s));
                out.println("  server FEC/LZ4       " + WireOptions.summary(config, p));
                client.close(CloseReason.NORMAL, "demo done");
                peer.closeFuture().get(5, TimeUnit.SECONDS);
                out.println("  closed               " + peer.closeFuture().join());
            }
        } finally {
            identity.destroy();
            FileTransfer.deleteQuietly(input);
            FileTransfer.deleteQuietly(output);
            FileTransfer.deleteQuietly(dir);
        }
        out.printf("demo finished in %.2f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private void chat(Connection client, Connection peer, PrintStream out) throws Exception {
        Stream s = client.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
        for (int i = 1; i <= messages; i++) {
            s.send(("hello from the client #" + i).getBytes(StandardCharsets.UTF_8));
            Message m = peer.receive(Duration.ofSeconds(5));
            if (m == null) {
                throw new ExampleException("chat message " + i + " did not arrive within 5 s");
            }
            out.println("  client -> server     \"" + new String(m.data(), StandardCharsets.UTF_8) + "\"");
            peer.sendOnStream(m.streamId(), ("hello from the server #" + i).getBytes(StandardCharsets.UTF_8));
            Message back = client.receive(Duration.ofSeconds(5));
            if (back == null) {
                throw new ExampleException("chat reply " + i + " did not arrive within 5 s");
            }
            out.println("  server -> client     \"" + new String(back.data(), StandardCharsets.UTF_8) + "\"");
        }
    }

    private void transfer(Connection client, Connection peer, Path input, Path output, PrintStream out)
            throws Exception {
        Random r = new Random(42);
        byte[] block = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(input)) {
            for (long left = fileSize; left > 0; left -= block.length) {
                r.nextBytes(block);
                o.write(block, 0, (int) Math.min(left, block.length));
            }
        }
        out.println("  file                 generated " + Cli.mib(fileSize) + " of random data, sending...");
        CompletableFuture<FileTransfer.Result> received = CompletableFuture.supplyAsync(() -> {
            try {
                return FileTransfer.receive(peer, output, new PrintStream(OutputStream.nullOutputStream()),
                        size -> Progress.none());
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        FileTransfer.Result sent = FileTransfer.send(client, input, size -> Progress.none(), null);
        FileTransfer.Result got = received.get(30, TimeUnit.SECONDS);
        out.println("  file transfer        " + Cli.mib(sent.bytes()) + " in " + Cli.millis(sent.nanos()) + ": "
                + Cli.rate(sent.bytes(), sent.nanos()));
        out.println("  SHA-256              sent     " + sent.sha256());
        out.println("                       received " + got.sha256() + (sent.sha256().equals(got.sha256())
                ? " (match)" : " (MISMATCH)"));
    }
}
