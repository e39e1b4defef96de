package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseInfo;
import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.SendBufferFullException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A chat room. Each client opens one RELIABLE stream and sends UTF-8 lines on it: first {@code /nick NAME}, then text
 * (relayed to everyone else as {@code <NAME> text}) or the commands {@code /nick NEW}, {@code /who}, {@code /quit}.
 * The server answers and relays on the same stream; {@code /bye} acknowledges {@code /quit}. All room state lives on
 * one thread; connections hand it events.
 */
@Command(name = "chat-server", mixinStandardHelpOptions = true,
        description = "Run a multi-user chat room: join/leave notices, nicknames, messages relayed to everyone.")
final class ChatServerCommand implements Callable<Integer> {
    static final int MAX_LINE = 4096;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:4433",
            converter = Cli.ListenAddress.class,
            description = "Address to listen on, or a port on 127.0.0.1; 0.0.0.0:PORT accepts clients on other machines, "
                    + "port 0 picks a free one (default: ${DEFAULT-VALUE}, this machine only).")
    InetSocketAddress listen;

    @Mixin
    ServerOptions server;

    @Mixin
    WireOptions wire;

    private sealed interface Event {}

    private record Joined(Connection c) implements Event {}

    private record Received(Connection c, Message m) implements Event {}

    private record Left(Connection c, CloseInfo info) implements Event {}

    private record Stop() implements Event {}

    private static final class Member {
        String nick;
        long streamId;
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Connection, Member> members = new LinkedHashMap<>();
    private PrintStream out;

    @Override
    public Integer call() throws Exception {
        out = System.out;
        ServerIdentity identity = server.loadOrCreate(out);
        Listener listener;
        try {
            listener = Connection.listen(Cli.resolve(listen), wire.apply(ConnectionConfig.defaults()), identity);
        } catch (IOException e) {
            throw new ExampleException(e.getMessage(), e);
        }
        ServerOptions.printListening(listener, out);
        out.println("wire: " + wire.describe());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            events.add(new Stop());
            try {
                main.join(3000);
            } catch (InterruptedException ignored) {
                // exiting
            }
        }));
        listener.onConnection(c -> events.add(new Joined(c))); // on an event loop: just hand over
        try {
            while (true) {
                Event e = events.take();
                if (e instanceof Stop) {
                    break;
                }
                handle(e);
            }
        } finally {
            out.println("shutting down: closing " + members.size() + " connection(s)");
            listener.close();
            identity.destroy();
        }
        return 0;
    }

    private void handle(Event e) {
        if (e instanceof Joined j) {
            Connection c = j.c();
            c.onMessage(m -> events.add(new Received(c, m)));
            c.closeFuture().thenAccept(info -> events.add(new Left(c, info)));
        } else if (e instanceof Received r) {
            onLine(r.c(), r.m());
        } else if (e instanceof Left l) {
            Member m = members.remove(l.c());
            if (m != null) {
                out.println(m.nick + " left (" + l.info() + ")");
                broadcast(null, "* " + m.nick + " left");
            }
        }
    }

    private void onLine(Connection c, Message msg) {
        String line = clean(new String(msg.data(), StandardCharsets.UTF_8));
        Member me = members.get(c);
        if (me == null) {
            if (!line.startsWith("/nick ")) {
                c.close(CloseReason.PROTOCOL_ERROR, "expected /nick NAME first");
                return;
            }
            me = new Member();
            me.streamId = msg.streamId();
            me.nick = uniqueNick(line.substring(6));
            String others = members.values().stream().map(m -> m.nick).collect(Collectors.joining(", "));
            members.put(c, me);
            out.println(me.nick + " joined from " + c.remoteAddress());
            send(c, me, "* welcome, " + me.nick + "! online: " + (others.isEmpty() ? "nobody else yet" : others));
            broadcast(c, "* " + me.nick + " joined");
            return;
        }
        if (line.startsWith("/nick ")) {
            String old = me.nick;
            me.nick = "";
            me.nick = uniqueNick(line.substring(6));
            out.println(old + " is now " + me.nick);
            broadcast(null, "* " + old + " is now known as " + me.nick);
        } else if (line.equals("/who")) {
            send(c, me, "* online: " + members.values().stream().map(m -> m.nick).collect(Collectors.joining(", ")));
        } else if (line.equals("/quit")) {
            members.remove(c);
            out.println(me.nick + " quit");
            send(c, me, "/bye");
            broadcast(c, "* " + me.nick + " left");
        } else if (line.startsWith("/")) {
            send(c, me, "* unknown command " + line.split(" ", 2)[0] + " (commands: /nick NAME, /who, /quit)");
        } else if (!line.isBlank()) {
            out.println("<" + me.nick + "> " + line);
            broadcast(c, "<" + me.nick + "> " + line);
        }
    }

    private String uniqueNick(String wanted) {
        String base = wanted.strip().replaceAll("\\s+", "_");
        if (base.isEmpty()) {
            base = "guest";
        }
        if (base.length() > 32) {
            base = base.substring(0, 32);
        }
        String nick = base;
        for (int i = 2; taken(nick); i++) {
            nick = base + i;
        }
        return nick;
    }

    private boolean taken(String nick) {
        return members.values().stream().anyMatch(m -> m.nick.equalsIgnoreCase(nick));
    }

    private void broadcast(Connection except, String line) {
        for (Map.Entry<Connection, Member> e : members.entrySet()) {
            if (e.getKey() != except) {
                send(e.getKey(), e.getValue(), line);
            }
        }
    }

    /** Never blocks the room: a client that cannot keep up is disconnected rather than slowing everyone. */
    private void send(Connection c, Member m, String line) {
        c.sendAsync(m.streamId, line.getBytes(StandardCharsets.UTF_8)).exceptionally(err -> {
            Throwable cause = err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
            if (cause instanceof SendBufferFullException) {
                c.close(CloseReason.GOING_AWAY, "too slow to keep up with the chat");
            }
            return null;
        });
    }

    /** Drops control characters (no terminal escape sequences from other users) and over-long tails. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LINE));
        for (int i = 0; i < s.length() && b.length() < MAX_LINE; i++) {
            char ch = s.charAt(i);
            if (ch == '\t') {
                b.append(' ');
            } else if (!Character.isISOControl(ch)) {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
