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

    static void printStats(PrintStream out, ConnectionConfig config, ConnectionStats s) {
        out.printf("  rtt %s (min %s), packets sent %d (%s), lost %d, fragments retransmitted %d%n",
                Cli.millis(s.smoothedRttNanos()), Cli.millis(s.minRttNanos()), s.packetsSent(), Cli.mib(s.bytesSent()),
                s.packetsLost(), s.fragmentsRetransmitted());
        out.println("  " + WireOptions.summary(config, s));
    }

    @Command(name = "receive", mixinStandardHelpOptions = true,
            description = "Wait for one sender, write its file to OUTPUT (via a temporary file in the same directory, "
                    + "renamed only after the SHA-256 matched), then exit.")
    static final class Receive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "OUTPUT", description = "Where to store the received file.")
        Path output;

        @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4434",
                converter = Cli.ListenAddress.class,
                description = "Address to listen on; port 0 picks a free one (default: ${DEFAULT-VALUE}).")
        InetSocketAddress listen;

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
            ServerIdentity identity = server.loadOrCreate(out);
            ConnectionConfig config = wire.apply(ConnectionConfig.defaults());
            try (Listener listener = Connection.listen(Cli.resolve(listen), config, identity)) {
                ServerOptions.printListening(listener, out);
                out.println("wire: " + wire.describe());
                out.println("waiting for a sender...");
                Connection c = listener.accept();
                out.println("sender connected from " + c.remoteAddress());
                try {
                    FileTransfer.Result r = FileTransfer.receive(c, output, out,
                            size -> quiet ? Progress.none() : Progress.forTask("receiving", size, out));
                    out.println("received " + r.bytes() + " bytes in " + String.format("%.2f s", r.nanos() / 1e9)
                            + ", " + Cli.rate(r.bytes(), r.nanos()));
                    out.println("SHA-256 verified: " + r.sha256());
                    out.println("saved " + output);
                    printStats(out, config, r.stats());
                    return 0;
                } finally {
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
            Connection c = client.connect(connect, config, out);
            out.println("  wire: " + wire.describe());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> c.close(CloseReason.NORMAL, "sender interrupted")));
            try {
                FileTransfer.Result r = FileTransfer.send(c, input,
                        size -> quiet ? Progress.none() : Progress.forTask("sending", size, out), out);
                out.println("sent " + r.bytes() + " bytes in " + String.format("%.2f s", r.nanos() / 1e9) + ", "
                        + Cli.rate(r.bytes(), r.nanos()));
                out.println("receiver verified SHA-256: " + r.sha256());
                printStats(out, config, r.stats());
                return 0;
            } finally {
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
