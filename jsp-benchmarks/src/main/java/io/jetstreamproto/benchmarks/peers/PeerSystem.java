package io.jetstreamproto.benchmarks.peers;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One system under test (JSP over one substrate, or a peer): it can start a server on loopback in one of the
 * {@link ServerMode}s and connect clients to it. The harness drives every system through this interface only, so a
 * workload is written once and measured the same way everywhere. Implementations own their threads and close them in
 * {@link #close()}.
 */
public interface PeerSystem extends AutoCloseable {

    /** Short stable name used in the JSON and the tables ("JSP/UDP", "Netty QUIC", ...). */
    String name();

    /** The workloads that make sense for this system (e.g. no handshake for Aeron or KCP). */
    Set<Workload.Kind> supports();

    /** One line for the document: version and the settings that matter. */
    String describe();

    /** Starts a server on an ephemeral loopback port. {@code recordSize} is the message size in LATENCY mode. */
    PeerServer startServer(ServerMode mode, int recordSize) throws Exception;

    /** Connects one client (handshake included) to {@code target}; blocks until it can send. */
    PeerClient connect(Target target) throws Exception;

    @Override
    default void close() throws Exception {}

    /**
     * Where a client connects: the server's address (or a proxy in front of it) and the trust material the system
     * needs (JSP's server keys, a certificate), or null to accept any server (a server in another JVM).
     */
    record Target(InetSocketAddress address, Object trust) {
        public Target via(InetSocketAddress proxy) {
            return new Target(proxy, trust);
        }
    }
}
