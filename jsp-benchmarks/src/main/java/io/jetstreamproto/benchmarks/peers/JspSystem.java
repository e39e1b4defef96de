package io.jetstreamproto.benchmarks.peers;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.ListenerConfig;
import io.jetstreamproto.transport.RetryPolicy;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.ServerKeys;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * JSP through its public API ({@link Connection}, {@link Listener}) over one substrate. Today the only substrate is
 * UDP ({@link JspSubstrate#UDP}); the TCP and QUIC substrates of the transport redesign plug in as further
 * {@link JspSubstrate} values, and the harness then measures each of them (see {@link Systems#jspSubstrates}).
 */
class JspSystem implements PeerSystem {
    /** Bulk writes: one 64 KiB message per send, as the transport figures. */
    static final int BULK_MESSAGE = 64 * 1024;

    /** The substrates JSP runs over. Add TCP and QUIC here when the transport has them. */
    enum JspSubstrate {
        UDP("UDP");

        final String label;

        JspSubstrate(String label) {
            this.label = label;
        }
    }

    private final String name;
    private final JspSubstrate substrate;
    private final ConnectionConfig config;
    private final String settings;
    private final int bulkMessage;

    JspSystem(String name, JspSubstrate substrate, ConnectionConfig config, String settings) {
        this(name, substrate, config, settings, BULK_MESSAGE);
    }

    /**
     * @param bulkMessage message size of bulk sends: goodput is counted per delivered message, so on slow lossy
     *                    links (the matrix) smaller messages keep a window from seeing only a handful of them
     */
    JspSystem(String name, JspSubstrate substrate, ConnectionConfig config, String settings, int bulkMessage) {
        this.name = name;
        this.substrate = substrate;
        this.config = config;
        this.settings = settings;
        this.bulkMessage = bulkMessage;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Workload.Kind> supports() {
        return EnumSet.allOf(Workload.Kind.class);
    }

    @Override
    public String describe() {
        return "JSP " + substrate.label + " (this repository), " + settings + "; hybrid X25519+ML-KEM-768 handshake,"
                + " Ed25519 server key, " + config.cipherSuites().get(0) + ", one RELIABLE stream, "
                + bulkMessage / 1024 + " KiB messages for bulk";
    }

    ConnectionConfig config() {
        return config;
    }

    @Override
    public PeerServer startServer(ServerMode mode, int recordSize) throws Exception {
        ServerIdentity identity = ServerIdentity.generate(false);
        // Retry only under load (the default); room for the idle workload's connections
        ListenerConfig endpoint = ListenerConfig.defaults().withMaxConnections(200_000);
        Listener listener = Connection.listen(NettyPeers.loopback(0), config, identity, endpoint);
        Sinks.Counters counters = new Sinks.Counters();
        Sinks.Latencies latencies = new Sinks.Latencies();
        listener.onConnection(peer -> {
            switch (mode) {
                case SINK -> {
                    AtomicLong c = counters.newConnection();
                    peer.onMessage(m -> c.addAndGet(m.data().length));
                }
                case ECHO -> peer.onMessage(m -> peer.sendAsync(m.streamId(), m.data()));
                case LATENCY -> peer.onMessage(m -> latencies.record(Sinks.readLong(m.data())));
            }
        });
        return new PeerServer() {
            @Override
            public InetSocketAddress address() {
                return listener.localAddress();
            }

            @Override
            public Object trust() {
                return listener.publicKeys();
            }

            @Override
            public long[] bytesPerConnection() {
                return counters.snapshot();
            }

            @Override
            public Histogram takeLatencies() {
                return latencies.take();
            }

            @Override
            public long recordsReceived() {
                return latencies.records();
            }

            @Override
            public void close() {
                listener.close();
            }
        };
    }

    @Override
    public PeerClient connect(Target target) throws Exception {
        ServerTrust trust = target.trust() instanceof ServerKeys keys ? ServerTrust.pinned(keys)
                : ServerTrust.insecureAcceptAnyServerKey(); // a server in another JVM: keys not known here
        Connection c = Connection.connect(target.address(), config, trust);
        return new Client(c, bulkMessage);
    }

    private static final class Client implements PeerClient {
        private final Connection connection;
        private final int bulkMessage;
        private Stream stream;

        Client(Connection connection, int bulkMessage) {
            this.connection = connection;
            this.bulkMessage = bulkMessage;
        }

        private Stream stream(Priority priority) throws Exception {
            if (stream == null) {
                stream = connection.openStream(DeliveryMode.RELIABLE, priority);
            }
            return stream;
        }

        @Override
        public void sendBulk(BooleanSupplier stop) throws Exception {
            Stream s = stream(Priority.BULK);
            byte[] message = new byte[bulkMessage];
            ThreadLocalRandom.current().nextBytes(message);
            try {
                while (!stop.getAsBoolean()) {
                    s.send(message);
                }
            } catch (Exception e) {
                if (!stop.getAsBoolean()) {
                    throw e;
                }
            }
        }

        @Override
        public void roundTrip(byte[] request) throws Exception {
            stream(Priority.CHAT).send(request);
            Message m = connection.receive(Duration.ofSeconds(5));
            if (m == null) {
                throw new IllegalStateException("no answer within 5 s");
            }
        }

        @Override
        public void sendRecord(byte[] record) throws Exception {
            stream(Priority.CHAT).send(record);
        }

        @Override
        public Map<String, Double> senderStats() {
            ConnectionStats s = connection.stats();
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("wire_bytes_sent", (double) s.bytesSent());
            m.put("packets_lost", (double) s.packetsLost());
            m.put("fragments_retransmitted", (double) s.fragmentsRetransmitted());
            m.put("parity_bytes", (double) s.repairBytesSent());
            m.put("packets_recovered_by_fec", (double) s.packetsRecovered());
            return m;
        }

        @Override
        public void close() throws Exception {
            connection.close();
            connection.closeFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
