package io.jetstreamproto.benchmarks.scale;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ListenerConfig;
import io.jetstreamproto.transport.RetryPolicy;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The server half of {@code scale.sh}, in a JVM of its own: a listener with default settings that echoes every
 * message (zero-copy). Prints {@code READY <port> <public keys>}, then answers commands on standard input:
 * {@code HEAP} prints {@code HEAP <used heap bytes after GC> <connections>}, {@code STATS} prints the endpoint
 * counters; end of input stops it.
 */
public final class ScaleServer {
    private ScaleServer() {}

    public static void main(String[] args) throws Exception {
        RetryPolicy retry = RetryPolicy.valueOf(args.length > 0 ? args[0] : "UNDER_LOAD");
        int maxConnections = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        ServerIdentity identity = ServerIdentity.generate(false);
        ListenerConfig limits = ListenerConfig.defaults().withRetryPolicy(retry).withMaxConnections(maxConnections);
        try (Listener server = Connection.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ConnectionConfig.defaults(), identity, limits)) {
            server.onConnection(peer -> peer.onMessageBuffer((stream, data) -> peer.sendAsync(stream, data)));
            System.out.println("READY " + server.localAddress().getPort() + " " + identity.publicKeys().encode());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("HEAP")) {
                    System.out.println("HEAP " + usedHeapAfterGc() + " " + server.stats().connections());
                } else if (line.equals("STATS")) {
                    System.out.println("STATS " + server.stats());
                }
                System.out.flush();
            }
        }
    }

    /**
     * Heap in use after a full collection (the retained size of what is live). One collection, not several: with
     * 100,000 connections a full collection of this heap takes seconds on two busy cores, and four of them in a row
     * on each side added up to more than the heartbeat timeout (15 s) and killed every connection.
     */
    static long usedHeapAfterGc() {
        System.gc(); // ParallelGC: a complete, compacting collection
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
