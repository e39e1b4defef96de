package io.jetstreamproto.examples;

import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.Listener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every server command: its persistent identity. */
final class ServerOptions {
    @Option(names = "--identity", paramLabel = "PATH",
            description = "Server identity (private key) file: loaded if it exists, else generated and saved there "
                    + "(owner-only permissions), so restarts keep the key clients remember. Without it an "
                    + "ephemeral key is used.")
    Path identity;

    @Option(names = "--hybrid-auth",
            description = "When generating a key, add an ML-DSA-65 key to Ed25519 (post-quantum authentication).")
    boolean hybrid;

    ServerIdentity loadOrCreate(PrintStream out) throws ExampleException {
        if (identity == null) {
            ServerIdentity id = ServerIdentity.generate(hybrid);
            out.println("server key " + id.publicKeys().fingerprint() + " (" + id.mode()
                    + ", ephemeral: use --identity PATH to keep it across restarts)");
            return id;
        }
        try {
            boolean existed = Files.exists(identity); // for the message only: loadOrCreate decides atomically
            ServerIdentity id = ServerIdentity.loadOrCreate(identity, hybrid);
            out.println("server key " + id.publicKeys().fingerprint() + " (" + id.mode()
                    + (existed ? ", loaded from " : ", new, saved to ") + identity + ")");
            return id;
        } catch (IOException | RuntimeException e) {
            throw new ExampleException("cannot use server identity file " + identity + ": " + e.getMessage(), e);
        }
    }

    /** The line scripts and tests wait for. */
    static void printListening(Listener listener, PrintStream out) {
        java.net.InetSocketAddress a = listener.localAddress();
        out.println("listening on " + hostPort(a));
        if (a.getAddress().isLoopbackAddress()) {
            out.println("  (this machine only: --listen 0.0.0.0:" + a.getPort() + " accepts other machines)");
        }
    }

    /** "127.0.0.1:4433", "[::1]:4433". */
    static String hostPort(java.net.InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
