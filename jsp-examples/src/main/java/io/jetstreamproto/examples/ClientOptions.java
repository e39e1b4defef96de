package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseInfo;
import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.identity.KnownServers;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of every command that connects to a server: transport, server authentication, connect timeout. */
final class ClientOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "udp",
            converter = Cli.TransportConverter.class,
            description = "Transport (default: ${DEFAULT-VALUE}). Only udp exists today; tcp and quic are not yet "
                    + "supported.")
    String transport;

    @Option(names = "--insecure",
            description = "Accept ANY server key without verifying it (no server authentication: anyone on the path "
                    + "can impersonate the server). For local experiments only.")
    boolean insecure;

    @Option(names = "--known-servers", paramLabel = "PATH",
            description = "Trust-on-first-use store of server keys, like SSH's known_hosts: the first key seen for "
                    + "host:port is remembered, a different key later is refused (default: "
                    + "~/.jetstreamproto/known_servers).")
    Path knownServers;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Cli.DurationConverter.class,
            description = "Give up connecting after this long, e.g. 500ms, 5s (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /** The trust policy the options select; prints a warning for --insecure. */
    ServerTrust trust(PrintStream out) throws ExampleException {
        if (insecure && knownServers != null) {
            throw Cli.usageError(spec, "--insecure and --known-servers exclude each other");
        }
        if (insecure) {
            out.println("WARNING: --insecure: the server's key is NOT verified; the connection is encrypted but "
                    + "anyone on the path could impersonate the server.");
            return ServerTrust.insecureAcceptAnyServerKey();
        }
        Path file = knownServers != null ? knownServers : Connection.DEFAULT_KNOWN_SERVERS;
        try {
            return ServerTrust.trustOnFirstUse(file);
        } catch (IOException e) {
            throw new ExampleException("cannot read the known-servers file: " + e.getMessage(), e);
        }
    }

    /**
     * Connects to {@code target} (as parsed by {@link Cli.ConnectAddress}) with the selected trust, within
     * {@link #connectTimeout}; every failure becomes an {@link ExampleException} with a clear message.
     */
    Connection connect(InetSocketAddress target, ConnectionConfig base, PrintStream out)
            throws ExampleException, InterruptedException {
        ServerTrust trust = trust(out);
        ConnectionConfig config = base.toBuilder().handshakeTimeout(connectTimeout).build();
        InetSocketAddress address = Cli.resolve(target);
        String name = target.getHostString() + ":" + target.getPort();
        CompletableFuture<Connection> f = Connection.connectAsync(address, config, trust);
        try {
            // the handshake timeout ends the attempt; the extra second covers socket setup and scheduling
            Connection c = f.get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            out.println("connected to " + name + ": " + c.handshake().cipherSuite().displayName() + ", "
                    + c.handshake().keyExchange() + ", server key " + c.handshake().serverFingerprint());
            out.println("  trust: " + c.handshake().trust());
            return c;
        } catch (TimeoutException e) {
            f.thenAccept(Connection::close);
            throw new ExampleException("cannot connect to " + name + ": no answer within " + human(connectTimeout)
                    + " (is the server running? is UDP blocked?)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectionClosedException cce) {
                throw new ExampleException("cannot connect to " + name + ": " + describe(cce.info(), connectTimeout));
            }
            throw new ExampleException("cannot connect to " + name + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * How a connection ended, for people: the phrase, who closed, and the reason by name (with the protocol or
     * handshake error's name, never a bare code or enum constant).
     */
    static String describe(CloseInfo info, Duration timeout) {
        if (info.reason() == CloseReason.PROTOCOL_ERROR
                && info.errorCode() == HandshakeError.UNTRUSTED_SERVER_KEY.code()) {
            return "server key refused: " + info.phrase();
        }
        if (info.reason() == CloseReason.TIMEOUT && timeout != null) {
            return "no answer within " + human(timeout) + " (is the server running? is UDP blocked?)"
                    + (info.phrase().isEmpty() ? "" : " [" + info.phrase() + "]");
        }
        String what = reasonName(info);
        if (info.byPeer()) {
            return "the peer closed the connection" + (info.phrase().isEmpty() ? " (" + what + ")"
                    : ": " + info.phrase() + " (" + what + ")");
        }
        // closed here: the phrase says what happened ("connection refused: ..."), the reason adds nothing
        return info.phrase().isEmpty() ? what : info.phrase();
    }

    /** The close reason in words; a protocol error also names the error. */
    static String reasonName(CloseInfo info) {
        return switch (info.reason()) {
            case NORMAL -> "closed normally";
            case GOING_AWAY -> "going away";
            case PROTOCOL_ERROR -> "protocol error" + errorName(info.errorCode());
            case TIMEOUT -> "timeout";
            case RATE_LIMIT_EXCEEDED -> "rate limit exceeded";
            case INTERNAL_ERROR -> "internal error";
            case APPLICATION_ERROR -> "application error";
        };
    }

    private static String errorName(long code) {
        if (code == 0) {
            return "";
        }
        String name = ProtocolError.fromCode(code).map(Enum::name).orElse(null);
        if (name == null) {
            for (HandshakeError e : HandshakeError.values()) {
                if (e.code() == code) {
                    name = e.name();
                }
            }
        }
        return name == null ? String.format(" 0x%x", code)
                : " " + name.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    static String human(Duration d) {
        return Cli.human(d);
    }
}
