package io.jetstreamproto.examples;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The benchmark's server: echoes ping messages ({@code P...}), counts data messages ({@code D...}) and, when asked
 * with {@code R<expected count>}, reports what arrived as {@code r<messages><bytes><packets recovered>} once the expected count arrived
 * or nothing arrived for a second (unreliable modes lose messages by design). One thread per connection.
 */
@Command(name = "benchmark-server", mixinStandardHelpOptions = true,
        description = "Serve benchmark-client: echo pings for latency, count data for throughput.")
final class BenchmarkServerCommand implements Callable<Integer> {
    static final byte PING = 'P';
    static final byte DATA = 'D';
    static final byte REPORT_REQUEST = 'R';
    static final byte REPORT = 'r';
    /** {@code r}, messages, bytes, packets of the client's this server recovered by FEC. */
    static final int REPORT_LENGTH = 25;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:4435",
            converter = Cli.ListenAddress.class,
            description = "Address to listen on, or a port on 127.0.0.1; 0.0.0.0:PORT accepts clients on other machines, "
                    + "port 0 picks a free one (default: ${DEFAULT-VALUE}, this machine only).")
    InetSocketAddress listen;

    @Mixin
    ServerOptions server;

    @Mixin
    WireOptions wire;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ServerIdentity identity = server.loadOrCreate(out);
        try (Listener listener = Connection.listen(Cli.resolve(listen), wire.apply(ConnectionConfig.defaults()),
                identity)) {
            ServerOptions.printListening(listener, out);
            out.println("wire: " + wire.describe());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            listener.onConnection(c -> {
                Thread t = new Thread(() -> serve(c, out), "bench-" + c.remoteAddress());
                t.setDaemon(true);
                t.start();
            });
            stop.await();
            return 0;
        } catch (IOException e) {
            throw new ExampleException(e.getMessage(), e);
        }
    }

    static void serve(Connection c, PrintStream out) {
        out.println("client connected from " + c.remoteAddress());
        long messages = 0;
        long bytes = 0;
        long expected = -1;
        long reportStream = -1;
        long lastProgress = 0;
        try {
            while (true) {
                Message m = expected >= 0 ? c.receive(Duration.ofMillis(100)) : c.receive();
                if (m != null && m.data().length > 0) {
                    byte type = m.data()[0];
                    if (type == PING) {
                        c.sendOnStream(m.streamId(), m.data());
                    } else if (type == DATA) {
                        messages++;
                        bytes += m.data().length;
                        lastProgress = System.nanoTime();
                    } else if (type == REPORT_REQUEST) {
                        expected = ByteBuffer.wrap(m.data(), 1, 8).getLong();
                        reportStream = m.streamId();
                        lastProgress = System.nanoTime();
                    }
                }
                if (expected >= 0 && (messages >= expected || System.nanoTime() - lastProgress > 1_000_000_000L)) {
                    // the receiver's side of FEC: how many of the client's packets were rebuilt here
                    ConnectionStats s = c.stats();
                    c.sendOnStream(reportStream, ByteBuffer.allocate(REPORT_LENGTH).put(REPORT).putLong(messages)
                            .putLong(bytes).putLong(s.packetsRecovered()).array());
                    out.printf("run done: %d of %d messages, %s%n", messages, expected, Cli.mib(bytes));
                    out.println("  " + WireOptions.summary(c.config(), s));
                    messages = 0;
                    bytes = 0;
                    expected = -1;
                }
            }
        } catch (ConnectionClosedException e) {
            out.println("client " + c.remoteAddress() + " disconnected (" + e.info() + ")");
        } catch (InterruptedException e) {
            c.close();
        }
    }
}
