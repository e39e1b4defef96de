package io.jetstreamproto.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Measures a benchmark-server: round-trip latency percentiles of ping-pong messages (HdrHistogram), then throughput of
 * {@code --count} messages of {@code --size} bytes spread over {@code --streams} streams of the chosen delivery mode.
 */
@Command(name = "benchmark-client", mixinStandardHelpOptions = true,
        description = "Measure latency percentiles and throughput against a benchmark-server.")
final class BenchmarkClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST:PORT", converter = Cli.ConnectAddress.class,
            description = "The benchmark-server.")
    InetSocketAddress server;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1024", converter = Cli.SizeConverter.class,
            description = "Message size, e.g. 1024, 64k, 1M (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = "--count", defaultValue = "20000",
            description = "Messages in the throughput run (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(names = "--streams", defaultValue = "1",
            description = "Streams the throughput run uses in parallel, 1-64 (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--mode", defaultValue = "RELIABLE", paramLabel = "MODE",
            description = "Delivery mode: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    DeliveryMode mode;

    @Option(names = "--pings", defaultValue = "1000",
            description = "Ping-pong round trips for the latency percentiles; 0 skips (default: ${DEFAULT-VALUE}).")
    int pings;

    @Option(names = "--json", description = "Print one JSON object instead of the table (messages go to stderr).")
    boolean json;

    @Mixin
    ClientOptions client;

    @Mixin
    WireOptions wire;

    @Override
    public Integer call() throws Exception {
        ConnectionConfig config = wire.apply(ConnectionConfig.defaults());
        if (size < 17 || size > config.maxMessageSize()) {
            throw Cli.usageError(spec, "--size must be between 17 bytes and " + config.maxMessageSize() + ", got "
                    + size);
        }
        if (count < 1) {
            throw Cli.usageError(spec, "--count must be positive");
        }
        if (streams < 1 || streams > 64) {
            throw Cli.usageError(spec, "--streams must be 1-64, got " + streams);
        }
        if (pings < 0) {
            throw Cli.usageError(spec, "--pings must not be negative");
        }
        PrintStream info = json ? System.err : System.out;
        Connection c = client.connect(server, config, info);
        try {
            return run(c, config, info);
        } catch (ConnectionClosedException e) {
            throw new ExampleException("connection closed during the benchmark: "
                    + ClientOptions.describe(e.info(), null), e);
        } finally {
            c.close(CloseReason.NORMAL, "benchmark done");
            c.closeFuture().completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        }
    }

    private int run(Connection c, ConnectionConfig config, PrintStream info) throws Exception {
        List<Stream> data = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            data.add(c.openStream(mode, Priority.BULK));
        }
        Stream control = c.openStream(DeliveryMode.RELIABLE, Priority.SYSTEM);

        // ---- latency: one message in flight at a time, echoed by the server
        Histogram rtt = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        int lostPings = 0;
        byte[] ping = new byte[(int) size];
        ping[0] = BenchmarkServerCommand.PING;
        if (pings > 0) {
            info.printf("latency: %d ping-pongs of %d bytes on a %s stream...%n", pings, size, mode);
        }
        for (int i = 0; i < pings; i++) {
            ByteBuffer.wrap(ping).putLong(1, i);
            long t0 = System.nanoTime();
            data.get(0).send(ping);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(1);
            boolean answered = false;
            while (!answered) {
                long left = deadline - System.nanoTime();
                Message m = left > 0 ? c.receive(Duration.ofNanos(left)) : null;
                if (m == null) {
                    break;
                }
                answered = m.data().length >= 9 && m.data()[0] == BenchmarkServerCommand.PING
                        && ByteBuffer.wrap(m.data()).getLong(1) == i;
            }
            if (answered) {
                rtt.recordValue(Math.max(1, (System.nanoTime() - t0) / 1000));
            } else {
                lostPings++;
            }
        }

        // ---- throughput: every stream sends its share with the blocking send (backpressure), in parallel
        info.printf("throughput: %d messages of %d bytes over %d %s stream(s)...%n", count, size, streams, mode);
        ConnectionStats before = c.stats();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            Stream s = data.get(i);
            long share = count / streams + (i < count % streams ? 1 : 0);
            Thread t = new Thread(() -> {
                byte[] msg = new byte[(int) size];
                msg[0] = BenchmarkServerCommand.DATA;
                try {
                    for (long k = 0; k < share; k++) {
                        s.send(msg);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-sender-" + i);
            t.start();
            senders.add(t);
        }
        for (Thread t : senders) {
            t.join();
        }
        long sentNanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        control.send(ByteBuffer.allocate(9).put(BenchmarkServerCommand.REPORT_REQUEST).putLong(count).array());
        long delivered = -1;
        long deliveredBytes = 0;
        long serverRecovered = 0;
        long reportDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (delivered < 0 && System.nanoTime() < reportDeadline) {
            Message m = c.receive(Duration.ofSeconds(1));
            if (m != null && m.streamId() == control.id()
                    && m.data().length == BenchmarkServerCommand.REPORT_LENGTH
                    && m.data()[0] == BenchmarkServerCommand.REPORT) {
                ByteBuffer b = ByteBuffer.wrap(m.data(), 1, BenchmarkServerCommand.REPORT_LENGTH - 1);
                delivered = b.getLong();
                deliveredBytes = b.getLong();
                serverRecovered = b.getLong();
            }
        }
        long elapsed = System.nanoTime() - start;
        if (delivered < 0) {
            throw new ExampleException("the server did not report within 120 s");
        }
        ConnectionStats after = c.stats();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("server", server.getHostString() + ":" + server.getPort());
        r.put("cipherSuite", c.handshake().cipherSuite().displayName());
        r.put("mode", mode.name());
        r.put("streams", streams);
        r.put("messageSize", size);
        r.put("pings", pings);
        r.put("pingsLost", lostPings);
        r.put("rttMicrosMin", rtt.getTotalCount() == 0 ? 0 : rtt.getMinValue());
        for (double p : new double[] {50, 90, 99, 99.9}) {
            r.put("rttMicrosP" + (p == Math.floor(p) ? String.valueOf((int) p) : String.valueOf(p).replace('.', '_')),
                    rtt.getValueAtPercentile(p));
        }
        r.put("rttMicrosMax", rtt.getMaxValue());
        r.put("rttMicrosMean", Math.round(rtt.getMean()));
        r.put("messagesSent", count);
        r.put("messagesDelivered", delivered);
        r.put("bytesDelivered", deliveredBytes);
        r.put("seconds", elapsed / 1e9);
        r.put("sendSeconds", sentNanos / 1e9);
        r.put("mebibytesPerSecond", deliveredBytes / 1048576.0 / (elapsed / 1e9));
        r.put("megabitsPerSecond", deliveredBytes * 8 / 1e6 / (elapsed / 1e9));
        r.put("messagesPerSecond", delivered / (elapsed / 1e9));
        r.put("packetsSent", after.packetsSent() - before.packetsSent());
        r.put("packetsLost", after.packetsLost() - before.packetsLost());
        r.put("fragmentsRetransmitted", after.fragmentsRetransmitted() - before.fragmentsRetransmitted());
        r.put("smoothedRttMicros", after.smoothedRttNanos() / 1000);
        r.put("bytesSent", after.bytesSent() - before.bytesSent());
        r.put("fec", !config.fecEnabled() ? "off" : !config.fecAdaptive() && after.fecParityShards() == 0
                ? wire.fec + " not negotiated (server without --fec)" : wire.fec.toString());
        r.put("repairPacketsSent", after.repairPacketsSent() - before.repairPacketsSent());
        r.put("repairBytesSent", after.repairBytesSent() - before.repairBytesSent());
        r.put("fecParityShards", after.fecParityShards());
        r.put("packetsRecoveredByServer", serverRecovered);
        r.put("compression", config.compression() ? "lz4" : "off");
        r.put("messagesCompressed", after.messagesCompressed() - before.messagesCompressed());
        if (json) {
            System.out.println(toJson(r));
        } else {
            printTable(r);
        }
        return 0;
    }

    private static void printTable(Map<String, Object> r) {
        PrintStream o = System.out;
        o.println();
        o.printf(Locale.ROOT, "JetStreamProto benchmark against %s (%s)%n", r.get("server"), r.get("cipherSuite"));
        o.printf(Locale.ROOT, "  %-22s %s, %s stream(s), %s-byte messages%n", "setup", r.get("mode"),
                r.get("streams"), r.get("messageSize"));
        if ((int) r.get("pings") > 0) {
            o.printf(Locale.ROOT, "  %-22s %s round trips, %s lost%n", "latency (ping-pong)", r.get("pings"),
                    r.get("pingsLost"));
            o.printf(Locale.ROOT, "  %-22s %8s %8s %8s %8s %8s %8s%n", "", "min", "p50", "p90", "p99", "p99.9",
                    "max");
            o.printf(Locale.ROOT, "  %-22s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f%n", "  round trip (ms)",
                    ms(r.get("rttMicrosMin")), ms(r.get("rttMicrosP50")), ms(r.get("rttMicrosP90")),
                    ms(r.get("rttMicrosP99")), ms(r.get("rttMicrosP99_9")), ms(r.get("rttMicrosMax")));
        }
        long sent = (long) r.get("messagesSent");
        long delivered = (long) r.get("messagesDelivered");
        o.printf(Locale.ROOT, "  %-22s %d messages, %d delivered (%.2f %%) in %.3f s%n", "throughput run", sent,
                delivered, 100.0 * delivered / sent, (double) r.get("seconds"));
        o.printf(Locale.ROOT, "  %-22s %.1f MiB/s = %.1f Mbit/s, %.0f messages/s%n", "throughput",
                (double) r.get("mebibytesPerSecond"), (double) r.get("megabitsPerSecond"),
                (double) r.get("messagesPerSecond"));
        o.printf(Locale.ROOT, "  %-22s %s packets sent, %s lost, %s fragments retransmitted, srtt %.3f ms%n",
                "transport", r.get("packetsSent"), r.get("packetsLost"), r.get("fragmentsRetransmitted"),
                ms(r.get("smoothedRttMicros")));
        o.printf(Locale.ROOT, "  %-22s %s sent for %s delivered%n", "bytes on the wire",
                Cli.mib((long) r.get("bytesSent")), Cli.mib((long) r.get("bytesDelivered")));
        if ("off".equals(r.get("fec"))) {
            o.printf(Locale.ROOT, "  %-22s off%n", "FEC");
        } else {
            o.printf(Locale.ROOT, "  %-22s %s: %s repair packets sent (%s), parity now %s; the server recovered %s "
                    + "packets%n", "FEC", r.get("fec"), r.get("repairPacketsSent"),
                    WireOptions.kib((long) r.get("repairBytesSent")), r.get("fecParityShards"),
                    r.get("packetsRecoveredByServer"));
        }
        o.printf(Locale.ROOT, "  %-22s %s: %s of %s messages compressed%n", "LZ4", r.get("compression"),
                r.get("messagesCompressed"), r.get("messagesSent"));
    }

    private static double ms(Object micros) {
        return ((Number) micros).doubleValue() / 1000.0;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One JSON object, written by Jackson; decimals rounded to 3 places, a non-finite number as null. */
    static String toJson(Map<String, Object> r) {
        Map<String, Object> out = new LinkedHashMap<>();
        r.forEach((k, v) -> out.put(k, v instanceof Double d
                ? (Double.isFinite(d) ? BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP) : null) : v));
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
