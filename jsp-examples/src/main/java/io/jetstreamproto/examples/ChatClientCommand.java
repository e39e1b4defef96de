package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseReason;
import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A chat client: lines typed on stdin go to the room, the room's lines appear on stdout. */
@Command(name = "chat-client", mixinStandardHelpOptions = true,
        description = {"Join a chat room. Type a line and press Enter to send it; /nick NAME renames you, /who lists "
                + "who is online, /quit (or end of input, Ctrl-D) leaves; Ctrl-C also leaves cleanly."})
final class ChatClientCommand implements Callable<Integer> {
    @Option(names = "--connect", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:4433",
            converter = Cli.ConnectAddress.class, description = "The chat server (default: ${DEFAULT-VALUE}).")
    InetSocketAddress connect;

    @Option(names = "--name", paramLabel = "NAME", description = "Your nickname (default: your user name).")
    String name;

    @Mixin
    ClientOptions client;

    @Mixin
    WireOptions wire;

    private volatile boolean leaving;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        String nick = name != null ? name : System.getProperty("user.name", "guest");
        Connection c = client.connect(connect, wire.apply(ConnectionConfig.defaults()), out);
        if (wire.fec != null || wire.compress) {
            out.println("  wire: " + wire.describe());
        }
        Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        CountDownLatch bye = new CountDownLatch(1);

        Thread receiver = new Thread(() -> {
            try {
                while (true) {
                    Message m = c.receive();
                    String line = ChatServerCommand.clean(new String(m.data(), StandardCharsets.UTF_8));
                    if (line.equals("/bye")) {
                        bye.countDown();
                    } else {
                        out.println(line);
                    }
                }
            } catch (ConnectionClosedException e) {
                if (!leaving) {
                    out.println("* disconnected: " + ClientOptions.describe(e.info(), null));
                }
                result.complete(leaving ? 0 : 1);
            } catch (InterruptedException e) {
                result.complete(1);
            }
        }, "chat-receiver");
        receiver.setDaemon(true);
        receiver.start();

        Thread shutdownHook = new Thread(() -> {
            if (!result.isDone()) { // Ctrl-C
                leaving = true;
                c.close(CloseReason.NORMAL, "left");
                c.closeFuture().completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
            }
        });
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        Thread input = new Thread(() -> {
            try {
                s.send(("/nick " + nick).getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("/quit")) {
                        break;
                    }
                    if (!line.isBlank()) {
                        s.send(line.getBytes(StandardCharsets.UTF_8));
                    }
                }
                // end of input: say goodbye in order after everything typed, so nothing typed is lost
                leaving = true;
                s.send("/quit".getBytes(StandardCharsets.UTF_8));
                bye.await(3, TimeUnit.SECONDS);
                c.close(CloseReason.NORMAL, "left");
                c.closeFuture().get(2, TimeUnit.SECONDS);
                result.complete(0);
            } catch (ConnectionClosedException e) {
                result.complete(leaving ? 0 : 1);
            } catch (IOException e) {
                out.println("* cannot read input: " + e.getMessage());
                c.close(CloseReason.NORMAL, "left");
                result.complete(1);
            } catch (Exception e) {
                c.close(CloseReason.NORMAL, "left");
                result.complete(leaving ? 0 : 1);
            }
        }, "chat-input");
        input.setDaemon(true); // a read blocked on a terminal must not keep the process alive
        input.start();

        int code = result.get();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C path
        }
        return code;
    }
}
