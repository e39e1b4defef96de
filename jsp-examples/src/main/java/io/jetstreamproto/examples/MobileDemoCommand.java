package io.jetstreamproto.examples;

import io.jetstreamproto.core.CloseReason;
import io.jetstreamproto.core.ConnectionConfig;
import io.jetstreamproto.core.ConnectionStats;
import io.jetstreamproto.core.DeliveryMode;
import io.jetstreamproto.core.Priority;
import io.jetstreamproto.crypto.identity.ServerIdentity;
import io.jetstreamproto.crypto.identity.ServerTrust;
import io.jetstreamproto.crypto.util.RandomSource;
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
 * in-process impairment proxy, where reliable streams retransmit and best-effort streams do not. It also says plainly
 * which mobile features are not available yet.
 */
@Command(name = "mobile-demo", mixinStandardHelpOptions = true,
        description = "Show mobile-relevant features in one process: heartbeat profiles for foreground/background, "
                + "a transfer over a lossy link with loss/retransmission counters, and what is not available yet.")
final class MobileDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--loss", defaultValue = "0.10",
            description = "Datagram loss of the simulated radio link, each direction, 0-0.5 (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--transfer-size", paramLabel = "BYTES", defaultValue = "2M", converter = Cli.SizeConverter.class,
            description = "Bytes sent reliably over the lossy link (default: ${DEFAULT-VALUE}).")
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
        ServerIdentity identity = ServerIdentity.generate(RandomSource.of(new SecureRandom()), false);
        // a patient server: the client's (smaller) idle timeout and its heartbeats decide the connection's life
        ConnectionConfig serverConfig = ConnectionConfig.builder().idleTimeout(Duration.ofMinutes(5))
                .heartbeatInterval(Duration.ofSeconds(10)).build();
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
                    + "and delays some (reordering)%n", loss * 100);
            lossyLink(server, trust, out);
            out.println();

            out.println("3. Not yet available (honestly):");
            out.println("   forward error correction on the wire  not yet available (jsp-fec exists as a library; "
                    + "packetsRecovered stays 0)");
            out.println("   LZ4 compression on the wire           not yet available (frames reserve a COMPRESSED flag; "
                    + "nothing sets it)");
            out.println("   header compression                    not yet available (ConnectionConfig has the switch; "
                    + "the engine ignores it)");
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

    private void lossyLink(Listener server, ServerTrust trust, PrintStream out) throws Exception {
        try (ImpairmentProxy proxy = new ImpairmentProxy(server.localAddress(), 7).impair(loss, 20_000)) {
            ConnectionConfig config = FOREGROUND.toBuilder().heartbeatTimeoutCount(10).build();
            try (Connection c = Connection.connect(proxy.address(), config, trust)) {
                Connection peer = server.accept(Duration.ofSeconds(10));
                if (peer == null) {
                    throw new ExampleException("the server did not accept the connection through the proxy");
                }
                // reliable: every byte arrives, lost packets are retransmitted
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
                boolean same = MessageDigest.isEqual(sent.digest(), got.digest());
                out.printf(Locale.ROOT, "   RELIABLE    %s in %.2f s, %s, SHA-256 %s%n", Cli.mib(received), nanos / 1e9,
                        Cli.rate(received, nanos), same && received == transferSize ? "identical" : "DIFFERENT");
                out.printf(Locale.ROOT, "               proxy dropped %d datagrams; client declared %d packets lost and "
                        + "retransmitted %d fragments; srtt %s%n", proxy.dropped(),
                        after.packetsLost() - before.packetsLost(),
                        after.fragmentsRetransmitted() - before.fragmentsRetransmitted(),
                        Cli.millis(after.smoothedRttNanos()));

                // best effort: stale sensor readings are not worth a retransmission on a mobile link
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
                out.printf(Locale.ROOT, "   BEST_EFFORT %d of %d small readings delivered, retransmitted fragments: %d "
                        + "(never retransmitted; a newer reading replaces a lost one)%n", delivered, readings,
                        be1.fragmentsRetransmitted() - be0.fragmentsRetransmitted());
                c.close(CloseReason.NORMAL, "demo done");
                peer.closeFuture().get(5, TimeUnit.SECONDS);
                if (!same || received != transferSize) {
                    throw new ExampleException("the reliable transfer over the lossy link did not arrive intact");
                }
            }
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
