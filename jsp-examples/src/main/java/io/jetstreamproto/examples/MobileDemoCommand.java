package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Mobile-relevant behaviour that exists today, in one process on loopback: foreground and background heartbeat
 * profiles (switched by reconnecting with another {@link ConnectionConfig}), and a lossy radio link simulated by an
 * in-process impairment proxy, where reliable streams retransmit (or, with forward error correction, the receiver
 * rebuilds lost packets) and best-effort streams do not; LZ4 compression of text versus incompressible data. It also
 * says plainly which mobile features are not available yet.
 */
@Command(name = "mobile-demo", mixinStandardHelpOptions = true,
        description = "Show mobile-relevant features in one process: heartbeat profiles for foreground/background, "
                + "transfers over a lossy link without FEC, with fixed and with adaptive FEC, LZ4 compression of text and "
                + "of random data, and what is not available yet.")
final class MobileDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--loss", defaultValue = "0.10",
            description = "Datagram loss of the simulated radio link, each direction, 0-0.5 (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--transfer-size", paramLabel = "BYTES", defaultValue = "512k", converter = Cli.SizeConverter.class,
            description = "Bytes sent reliably over the lossy link, once per FEC setting (default: ${DEFAULT-VALUE}).")
    long transferSize;

    @Option(names = "--observe", paramLabel = "DURATION", defaultValue = "3s", converter = Cli.DurationConverter.class,
            description = "How long each heartbeat profile is observed while idle (default: ${DEFAULT-VALUE}).")
    Duration observe;

    /** Time-lapse of 5 s foreground / 25 s background so the difference shows within seconds. */
    static final ConnectionConfig FOREGROUND = ConnectionConfig.builder().heartbeatInterval(Duration.ofMillis(500))
            .heartbeatTimeoutCount(3).idleTimeout(Duration.ofSeconds(30)).build();
    static final ConnectionConfig BACKGROUND = ConnectionConfig.builder().heartbeatInterval(Duration.ofMillis(2500))
            .heartbeatTimeoutCount(4).idleTimeout(Duration.ofSeconds(120)).build();

    @Override
    public Integer call() throws Exception {
        if (loss < 0 || loss > 0.5) {
            throw Cli.usageError(spec, "--loss must be between 0 and 0.5, got " + loss);
        }
        if (transferSize < 0 || transferSize > (1L << 30)) {
            throw Cli.usageError(spec, "--transfer-size must be between 0 and 1G");
        }
        PrintStream out = System.out;
        ServerIdentity identity = ServerIdentity.generate(false);
        // a patient server: the client's (smaller) idle timeout and its heartbeats decide the connection's life
        // FEC on (adaptive, so its own packets carry repair only when it sees loss): a client that enables FEC gets it
        ConnectionConfig serverConfig = WireOptions.apply(ConnectionConfig.builder().idleTimeout(Duration.ofMinutes(5))
                .heartbeatInterval(Duration.ofSeconds(10)).build(), WireOptions.Fec.ADAPTIVE, false);
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                serverConfig, identity)) {
            ServerTrust trust = ServerTrust.pinned(server.publicKeys());
            out.println("JetStreamProto mobile demo (server " + server.localAddress().getAddress().getHostAddress()
                    + ":" + server.localAddress().getPort() + ", key pinned "
                    + server.publicKeys().fingerprint() + ")");
            out.println();
            out.println("1. Heartbeat profiles (time-lapse: 0.5 s stands for 5 s, 2.5 s for 25 s)");
            long fg = profile("foreground", FOREGROUND, server, trust, out,
                    "the app is visible: a dead network path is noticed within "
                            + human(FOREGROUND.heartbeatInterval().multipliedBy(FOREGROUND.heartbeatTimeoutCount()))
                            + " so the UI can react");
            out.println("   -> app goes to the background: reconnecting with a new ConnectionConfig");
            out.println("      (a connection's config is fixed when it opens; switching in place is not available yet,"
                    + " so the switch costs one handshake)");
            long bg = profile("background", BACKGROUND, server, trust, out,
                    "fewer radio wake-ups save battery; heartbeats still come often enough to keep a typical "
                            + "30 s NAT binding alive, and the idle timeout grows to "
                            + human(BACKGROUND.idleTimeout()));
            out.printf(Locale.ROOT, "   => background sent %d packets instead of %d while idle (%.0f%% fewer wake-ups)%n",
                    bg, fg, fg == 0 ? 0.0 : 100.0 * (fg - bg) / fg);
            out.println();

            out.printf(Locale.ROOT, "2. A lossy radio link: an in-process proxy drops %.0f%% of the datagrams each way "
                    + "and delays some (reordering); %s sent reliably without FEC, with fixed FEC 10:2, with adaptive "
                    + "FEC%n", loss * 100, Cli.mib(transferSize));
            lossyLink(server, trust, out);
            out.println();

            out.println("3. LZ4 compression on one stream (Stream.setCompression(true)), on a clean link");
            compression(server, trust, out);
            out.println();

            out.println("4. Not yet available (honestly):");
            out.println("   (header compression is available: ConnectionConfig.enableHeaderCompression(true) on both sides"
                    + " shrinks the 17-byte header to about 7 bytes up and 2 down)");
            out.println("   connection migration (Wi-Fi <-> LTE)  not yet available: a new address means a new "
                    + "connection and handshake");
            out.println("   switching config in place             not yet available: reconnect, as above");
        } finally {
            identity.destroy();
        }
        return 0;
    }

    /** Connects with {@code config}, idles for the observation window, returns the packets the client sent. */
    private long profile(String name, ConnectionConfig config, Listener server, ServerTrust trust, PrintStream out,
            String why) throws Exception {
        long t = System.nanoTime();
        try (Connection c = Connection.connect(server.localAddress(), config, trust)) {
            long hs = System.nanoTime() - t;
            Connection peer = server.accept(Duration.ofSeconds(5));
            out.printf(Locale.ROOT, "   %-10s heartbeat every %s, dead after %d missed, idle timeout %s (handshake %s)%n",
                    name, human(config.heartbeatInterval()), config.heartbeatTimeoutCount(),
                    human(config.idleTimeout()), Cli.millis(hs));
            out.println("              why: " + why);
            ConnectionStats before = c.stats();
            Thread.sleep(observe.toMillis()); // the demo's subject is what happens while the app sleeps
            ConnectionStats after = c.stats();
            long sent = after.packetsSent() - before.packetsSent();
            out.printf(Locale.ROOT, "              idle for %s: sent %d packets, received %d (heartbeats and their "
                    + "acknowledgements)%n", human(observe), sent, after.packetsReceived() - before.packetsReceived());
            c.close(CloseReason.NORMAL, "switching profile");
            if (peer != null) {
                peer.closeFuture().get(5, TimeUnit.SECONDS);
            }
            return sent;
        }
    }

    /** One reliable transfer through a fresh lossy proxy; the result's line and counters. */
    private record LossyRun(String label, double seconds, long retransmitted, long lost, long repairPackets,
            long repairBytes, long recovered, int parity, long dropped, long bytesSent) {}

    private void lossyLink(Listener server, ServerTrust trust, PrintStream out) throws Exception {
        ConnectionConfig base = FOREGROUND.toBuilder().heartbeatTimeoutCount(10).build();
        ConnectionConfig off = base;
        ConnectionConfig fixed = WireOptions.apply(base, WireOptions.Fec.DEFAULT, false);
        ConnectionConfig adaptive = WireOptions.apply(base, WireOptions.Fec.ADAPTIVE, false);
        out.printf(Locale.ROOT, "   %-18s %8s %8s %9s %7s %8s %10s %6s %9s%n", "", "time", "dropped", "retrans.",
                "lost", "repair", "recovered", "parity", "on wire");
        LossyRun a = lossyTransfer("FEC off", off, server, trust, out, true);
        LossyRun b = lossyTransfer("FEC 10:2 (fixed)", fixed, server, trust, out, false);
        LossyRun c = lossyTransfer("FEC adaptive <=10", adaptive, server, trust, out, false);
        out.println("   (time of the transfer; datagrams the proxy dropped, both ways; fragments the client retransmitted; packets it declared lost, repair "
                + "packets and reordered ones included; repair packets it sent; lost packets the server rebuilt from "
                + "them; parity m per 10 packets at the end; client bytes on the wire)");
        out.printf(Locale.ROOT, "   why: a lost packet costs a retransmission a round trip or more later (and the "
                + "sender backs off), unless FEC rebuilds it at the receiver from repair packets sent up front. "
                + "Fixed 10:2 repairs at most 2 losses in 12 packets (%.0f%% of lost packets at %.0f%% loss); adaptive "
                + "sizes m to the loss the receiver reports plus a margin for its uncertainty, here m=%d: almost no "
                + "retransmissions, paid for with more bytes on the wire.%n",
                100 * io.jetstreamproto.fec.internal.AdaptiveParityController.expectedRecoveredFraction(10, 2, loss),
                loss * 100, c.parity());
        if (a.seconds() > 0 && c.recovered() > 0) {
            out.printf(Locale.ROOT, "   => retransmitted fragments %d (off) -> %d (10:2) -> %d (adaptive); time %.2f s "
                    + "-> %.2f s -> %.2f s%n", a.retransmitted(), b.retransmitted(), c.retransmitted(), a.seconds(),
                    b.seconds(), c.seconds());
        }
    }

    private LossyRun lossyTransfer(String label, ConnectionConfig config, Listener server, ServerTrust trust,
            PrintStream out, boolean bestEffortToo) throws Exception {
        try (ImpairmentProxy proxy = new ImpairmentProxy(server.localAddress(), 7).impair(loss, 20_000)) {
            try (Connection c = Connection.connect(proxy.address(), config, trust)) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                if (peer == null) {
                    throw new ExampleException("the server did not accept the connection through the proxy");
                }
                // reliable: every byte arrives, lost packets are retransmitted (or rebuilt by FEC)
                Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.BULK);
                MessageDigest sent = FileTransfer.sha256();
                MessageDigest got = FileTransfer.sha256();
                CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
                    long n = 0;
                    try {
                        while (n < transferSize) {
                            Message m = peer.receive(Duration.ofSeconds(30));
                            if (m == null) {
                                break;
                            }
                            got.update(m.data());
                            n += m.data().length;
                        }
                    } catch (ConnectionClosedException | InterruptedException e) {
                        // reported as a short count below
                    }
                    return n;
                });
                Random r = new Random(1);
                byte[] chunk = new byte[16 * 1024];
                ConnectionStats before = c.stats();
                ConnectionStats peerBefore = peer.stats();
                long t0 = System.nanoTime();
                for (long left = transferSize; left > 0; left -= chunk.length) {
                    r.nextBytes(chunk);
                    byte[] m = left >= chunk.length ? chunk : java.util.Arrays.copyOf(chunk, (int) left);
                    sent.update(m);
                    s.send(m);
                }
                long received = reader.get(120, TimeUnit.SECONDS);
                long nanos = System.nanoTime() - t0;
                ConnectionStats after = c.stats();
                ConnectionStats peerAfter = peer.stats();
                boolean same = MessageDigest.isEqual(sent.digest(), got.digest()) && received == transferSize;
                LossyRun run = new LossyRun(label, nanos / 1e9,
                        after.fragmentsRetransmitted() - before.fragmentsRetransmitted(),
                        after.packetsLost() - before.packetsLost(),
                        after.repairPacketsSent() - before.repairPacketsSent(),
                        after.repairBytesSent() - before.repairBytesSent(),
                        peerAfter.packetsRecovered() - peerBefore.packetsRecovered(), after.fecParityShards(),
                        proxy.dropped(), after.bytesSent() - before.bytesSent());
                out.printf(Locale.ROOT, "   %-18s %6.2f s %8d %9d %7d %8d %10d %6d %9s   %s, SHA-256 %s%n", label,
                        run.seconds(), run.dropped(), run.retransmitted(), run.lost(), run.repairPackets(), run.recovered(),
                        run.parity(), Cli.mib(run.bytesSent()), Cli.mib(received), same ? "identical" : "DIFFERENT");
                if (bestEffortToo) {
                    bestEffort(c, peer, out);
                }
                c.close(CloseReason.NORMAL, "demo done");
                // the CONNECTION_CLOSE crosses the lossy link too; if it is lost the server's side would only end
                // by its idle timeout, so it gives up waiting after a second and closes its side itself
                peer.closeFuture().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
                peer.close(CloseReason.NORMAL, "demo done");
                if (!same) {
                    throw new ExampleException("the reliable transfer over the lossy link did not arrive intact");
                }
                return run;
            }
        }
    }

    /** Best effort: stale sensor readings are not worth a retransmission on a mobile link. */
    private static void bestEffort(Connection c, Connection peer, PrintStream out) throws Exception {
        Stream telemetry = c.openStream(DeliveryMode.BEST_EFFORT, Priority.MEDIA);
        ConnectionStats be0 = c.stats();
        int readings = 500;
        byte[] reading = new byte[100];
        for (int i = 0; i < readings; i++) {
            reading[0] = (byte) i;
            telemetry.send(reading);
        }
        int delivered = 0;
        while (peer.receive(Duration.ofMillis(700)) != null) {
            delivered++;
        }
        ConnectionStats be1 = c.stats();
        out.printf(Locale.ROOT, "   %-18s %d of %d small readings delivered, retransmitted fragments: %d (never "
                + "retransmitted; a newer reading replaces a lost one)%n", "BEST_EFFORT", delivered, readings,
                be1.fragmentsRetransmitted() - be0.fragmentsRetransmitted());
    }

    /**
     * LZ4 on one stream of a clean connection: chat-history pages (JSON text) shrink; random bytes (like media or
     * ciphertext) do not, and the stream soon stops trying.
     */
    private void compression(Listener server, ServerTrust trust, PrintStream out) throws Exception {
        try (Connection c = Connection.connect(server.localAddress(), FOREGROUND, trust)) {
            Connection peer = server.accept(Duration.ofSeconds(5));
            if (peer == null) {
                throw new ExampleException("the server did not accept the connection");
            }
            Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
            s.setCompression(true); // per stream; ConnectionConfig.compression(true) would turn it on for all
            int pages = 200;
            Random r = new Random(3);
            String[] names = {"alice", "bob", "carol", "dave"};
            String[] words = {"see", "you", "at", "the", "station", "in", "ten", "minutes", "ok", "running", "late",
                "train", "is", "delayed", "again", "coffee", "first", "?", "sure", "thanks"};
            byte[][] json = new byte[pages][];
            for (int p = 0; p < pages; p++) {
                StringBuilder b = new StringBuilder("{\"type\":\"history\",\"room\":\"commute\",\"messages\":[");
                for (int i = 0; i < 10; i++) {
                    StringBuilder text = new StringBuilder();
                    for (int w = 3 + r.nextInt(8); w > 0; w--) {
                        text.append(words[r.nextInt(words.length)]).append(w > 1 ? " " : "");
                    }
                    b.append(i == 0 ? "" : ",").append("{\"id\":").append(p * 10 + i).append(",\"from\":\"")
                            .append(names[r.nextInt(names.length)]).append("\",\"ts\":")
                            .append(1_760_000_000_000L + (p * 10 + i) * 7_919L).append(",\"text\":\"").append(text)
                            .append("\",\"read\":").append(r.nextBoolean()).append('}');
                }
                json[p] = b.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            byte[][] random = new byte[pages][];
            for (int p = 0; p < pages; p++) {
                random[p] = new byte[json[p].length];
                r.nextBytes(random[p]);
            }
            compressionRun("JSON chat history", json, s, c, peer, out);
            compressionRun("random bytes", random, s, c, peer, out);
            out.println("   why: text repeats itself and LZ4 removes the repetition cheaply; random data (media, "
                    + "ciphertext, archives) cannot shrink, so after 8 such messages in a row the stream stops trying "
                    + "and only probes again after 64, then 128, ... messages: no CPU wasted, no bytes added. Messages "
                    + "under 512 bytes are never compressed (compressionThreshold).");
            c.close(CloseReason.NORMAL, "demo done");
            peer.closeFuture().get(5, TimeUnit.SECONDS);
        }
    }

    private static void compressionRun(String label, byte[][] messages, Stream s, Connection c, Connection peer,
            PrintStream out) throws Exception {
        ConnectionStats before = c.stats();
        long app = 0;
        for (byte[] m : messages) {
            s.send(m);
            app += m.length;
        }
        for (int i = 0; i < messages.length; i++) {
            if (peer.receive(Duration.ofSeconds(10)) == null) {
                throw new ExampleException("message " + i + " of the compression demo did not arrive");
            }
        }
        ConnectionStats after = c.stats();
        long wire = after.bytesSent() - before.bytesSent();
        out.printf(Locale.ROOT, "   %-18s %d messages, %d compressed; %s of messages took %s on the wire (%.0f%%)%n",
                label, messages.length, after.messagesCompressed() - before.messagesCompressed(),
                WireOptions.kib(app), WireOptions.kib(wire), 100.0 * wire / app);
    }

    static String human(Duration d) {
        return Cli.human(d);
    }
}
