package com.example.consumer;

import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What an application does with the library: listen, connect, send one message, receive it, close. */
public final class RoundTrip {
    private RoundTrip() {}

    /** Sends {@code text} from a client to a server on loopback and returns what the server received. */
    public static String send(String text) throws Exception {
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try {
                    Connection peer = server.accept();
                    Message m = peer.receive();
                    return new String(m.data(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Connection c = Connection.connect("127.0.0.1:" + server.localAddress().getPort())) {
                Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.CHAT);
                s.send(text.getBytes(StandardCharsets.UTF_8));
                String result = received.get(30, TimeUnit.SECONDS);
                c.closeAfterDelivery(Duration.ofSeconds(5));
                return result;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(send(args.length > 0 ? args[0] : "hello"));
    }
}
