package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code file-transfer send|receive}: one file, streamed from and to disk, SHA-256 verified end to end. */
@Command(name = "file-transfer", mixinStandardHelpOptions = true,
        description = "Send one file of any size over an encrypted JetStreamProto connection, SHA-256 verified.",
        subcommands = {FileTransferCommand.Receive.class, FileTransferCommand.Send.class})
final class FileTransferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Cli.usageError(spec, "missing subcommand: send or receive");
    }

    /**
     * Ctrl-C (or kill) closes {@code c} with {@code why}, and waits a moment for the close to leave: the peer learns
     * at once instead of after its heartbeat timeout. Returns the hook, to be removed when the transfer is over.
     */
    static Thread closeOnExit(Connection c, String why) {
        Thread hook = new Thread(() -> {
            c.close(CloseReason.GOING_AWAY, why);
            c.closeFuture().completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        }, "close-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    static void printStats(PrintStream out, ConnectionConfig config, ConnectionStats s) {
        out.printf("  rtt %s (min %s), packets sent %d (%s), lost %d, fragments retransmitted %d%n",
                Cli.millis(s.smoothedRttNanos()), Cli.millis(s.minRttNanos()), s.packetsSent(), Cli.mib(s.bytesSent()),
                s.packetsLost(), s.fragmentsRetransmitted());
        out.println("  " + WireOptions.summary(config, s));
    }

    @Command(name = "receive", mixinStandardHelpOptions = true,
            description = "Wait for one sender, write its file to OUTPUT (via a partial file in the same directory, "
                    + "renamed only after the SHA-256 matched), then exit. An interrupted transfer leaves the partial "
                    + "file, and sending the same file again resumes after its verified part.")
    static final class Receive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "OUTPUT", description = "Where to store the received file.")
        Path output;

        @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:4434",
                converter = Cli.ListenAddress.class,
                description = "Address to listen on, or a port on 127.0.0.1; 0.0.0.0:PORT accepts senders on other "
                        + "machines, port 0 picks a free one (default: ${DEFAULT-VALUE}, this machine only).")
        InetSocketAddress listen;

        @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10m", converter = Cli.DurationConverter.class,
                description = "Give up if no sender connects within this long, e.g. 30s, 1h (default: "
                        + "${DEFAULT-VALUE}).")
        Duration wait;

        @Option(names = "--keep-partial", paramLabel = "DURATION", defaultValue = "7d",
                converter = Cli.DurationConverter.class,
                description = "Partial files of interrupted transfers in OUTPUT's directory older than this are deleted "
                        + "when a receive starts; younger ones wait for a resume (default: ${DEFAULT-VALUE}).")
        Duration keepPartial;

        @Option(names = "--overwrite", description = "Replace OUTPUT if it exists (default: refuse).")
        boolean overwrite;

        @Option(names = "--quiet", description = "No progress output.")
        boolean quiet;

        @Mixin
        ServerOptions server;

        @Mixin
        WireOptions wire;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            if (Files.isDirectory(output)) {
                throw Cli.usageError(spec, "OUTPUT " + output + " is a directory; name the file to write");
            }
            if (Files.exists(output) && !overwrite) {
                throw new ExampleException(output + " exists; use --overwrite to replace it");
            }
            Path dir = output.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new ExampleException("directory " + dir + " does not exist or is not writable");
            }
            FileTransfer.removeStalePartials(dir, keepPartial, out);
            ServerIdentity identity = server.loadOrCreate(out);
            ConnectionConfig config = wire.apply(ConnectionConfig.defaults());
            try (Listener listener = Connection.listen(Cli.resolve(listen), config, identity)) {
                ServerOptions.printListening(listener, out);
                out.println("wire: " + wire.describe());
                String at = ServerOptions.hostPort(listener.localAddress());
                out.println("waiting up to " + Cli.human(wait) + " (--wait) for a sender: on the sending side run "
                        + "'file-transfer send FILE --connect " + at + "'");
                Connection c = listener.accept(wait);
                if (c == null) {
                    throw new ExampleException("no sender connected to " + at + " within " + Cli.human(wait)
                            + " (is the sender pointed at this address? is UDP blocked?)");
                }
                out.println("sender connected from " + c.remoteAddress());
                Thread hook = closeOnExit(c, "the receiver was interrupted");
                try {
                    FileTransfer.Result r = FileTransfer.receive(c, output, out,
                            size -> quiet ? Progress.none() : Progress.forTask("receiving", size, out));
                    out.println("received " + r.bytes() + " bytes in " + String.format("%.2f s", r.nanos() / 1e9)
                            + ", " + Cli.rate(r.bytes(), r.nanos())
                            + (r.resumedFrom() > 0 ? " (after the first " + Cli.mib(r.resumedFrom())
                                    + " from an interrupted transfer)" : ""));
                    out.println("SHA-256 verified: " + r.sha256());
                    out.println("saved " + output);
                    printStats(out, config, r.stats());
                    return 0;
                } finally {
                    removeHook(hook);
                    // the sender closes once it has our answer; closing first could abandon the answer
                    try {
                        c.closeFuture().get(10, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        c.close(CloseReason.NORMAL, "receiver done");
                    }
                }
            } catch (IOException e) {
                throw new ExampleException(e.getMessage(), e);
            } finally {
                identity.destroy();
            }
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Connect to a receiver and send INPUT; exits 0 only after the receiver verified the "
                    + "SHA-256 and stored the file.")
    static final class Send implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "INPUT", description = "The file to send.")
        Path input;

        @Option(names = "--connect", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:4434",
                converter = Cli.ConnectAddress.class, description = "The receiver (default: ${DEFAULT-VALUE}).")
        InetSocketAddress connect;

        @Option(names = "--quiet", description = "No progress output.")
        boolean quiet;

        @Option(names = "--max-rate", paramLabel = "BYTES", converter = Cli.SizeConverter.class,
                description = "Send at most this many bytes of the file per second (e.g. 4M), to leave room for other "
                        + "traffic. Default: as fast as the path allows.")
        Long maxRate;

        @Mixin
        ClientOptions client;

        @Mixin
        WireOptions wire;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
                throw new ExampleException(input + " is not a readable file");
            }
            ConnectionConfig config = wire.apply(ConnectionConfig.defaults());
            if (maxRate != null) {
                if (maxRate <= 0) {
                    throw new ExampleException("--max-rate must be positive, got " + maxRate);
                }
                config = config.toBuilder().rateLimitBytes(maxRate).build();
            }
            Connection c = client.connect(connect, config, out);
            out.println("  wire: " + wire.describe());
            Thread hook = closeOnExit(c, "the sender was interrupted");
            try {
                FileTransfer.Result r = FileTransfer.send(c, input,
                        size -> quiet ? Progress.none() : Progress.forTask("sending", size, out), out);
                long sent = r.bytes() - r.resumedFrom();
                out.println("sent " + sent + " bytes in " + String.format("%.2f s", r.nanos() / 1e9) + ", "
                        + Cli.rate(sent, r.nanos())
                        + (r.resumedFrom() > 0 ? " (resumed: the receiver had the first " + Cli.mib(r.resumedFrom())
                                + ")" : ""));
                out.println("receiver verified SHA-256: " + r.sha256());
                printStats(out, config, r.stats());
                return 0;
            } finally {
                removeHook(hook);
                c.close(CloseReason.NORMAL, "transfer done");
                try {
                    c.closeFuture().get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException ignored) {
                    // exiting anyway
                }
            }
        }
    }
}
