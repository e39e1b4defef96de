package io.jetstreamproto.core.internal;

import io.jetstreamproto.core.internal.cc.CongestionAlgorithm;
import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.protection.ReplayWindow;
import java.time.Duration;
import java.util.List;

/**
 * Immutable settings of a connection. Create with {@link #builder()}; every field has a documented default chosen
 * for a general-purpose secure transport on today's networks. {@link Builder#build()} validates and names the bad
 * field in its exception. The first six fields are the original JetStreamProto's.
 */
public final class ConnectionConfig {
    private final Duration heartbeatInterval;
    private final int heartbeatTimeoutCount;
    private final int maxStreams;
    private final long rateLimitMessages;
    private final long rateLimitBytes;
    private final boolean enableHeaderCompression;
    private final Duration idleTimeout;
    private final Duration handshakeTimeout;
    private final long maxMessageSize;
    private final long streamReceiveWindow;
    private final long connectionReceiveWindow;
    private final long sendBufferSize;
    /**
     * The largest datagram this implementation sends or accepts: an Ethernet MTU (1500) minus the IPv4 and UDP
     * headers. The UDP transport reads datagrams in batches into slots of this size (recvmmsg), so a larger one
     * would be cut; jumbo frames are not supported.
     */
    public static final int MAX_DATAGRAM_SIZE = 1472;

    private final int maxDatagramSize;
    private final CongestionAlgorithm congestionControl;
    private final int initialCongestionWindowPackets;
    private final int ackBatchSize;
    private final Duration maxAckDelay;
    private final Duration partialReliabilityTtl;
    private final Duration bestEffortReassemblyTimeout;
    private final Duration rehandshakeInterval;
    private final Duration keyUpdateInterval;
    private final long keyUpdatePackets;
    private final int replayWindow;
    private final AeadImplementation aeadImplementation;
    private final List<CipherSuite> cipherSuites;
    private final int maxEarlyPackets;
    private final boolean fecEnabled;
    private final int fecDataShards;
    private final int fecParityShards;
    private final boolean fecAdaptive;
    private final Duration fecMaxGroupDelay;
    private final boolean compression;
    private final int compressionThreshold;

    private ConnectionConfig(Builder b) {
        heartbeatInterval = b.heartbeatInterval;
        heartbeatTimeoutCount = b.heartbeatTimeoutCount;
        maxStreams = b.maxStreams;
        rateLimitMessages = b.rateLimitMessages;
        rateLimitBytes = b.rateLimitBytes;
        enableHeaderCompression = b.enableHeaderCompression;
        idleTimeout = b.idleTimeout;
        handshakeTimeout = b.handshakeTimeout;
        maxMessageSize = b.maxMessageSize;
        streamReceiveWindow = b.streamReceiveWindow;
        connectionReceiveWindow = b.connectionReceiveWindow;
        sendBufferSize = b.sendBufferSize;
        maxDatagramSize = b.maxDatagramSize;
        congestionControl = b.congestionControl;
        initialCongestionWindowPackets = b.initialCongestionWindowPackets;
        ackBatchSize = b.ackBatchSize;
        maxAckDelay = b.maxAckDelay;
        partialReliabilityTtl = b.partialReliabilityTtl;
        bestEffortReassemblyTimeout = b.bestEffortReassemblyTimeout;
        rehandshakeInterval = b.rehandshakeInterval;
        keyUpdateInterval = b.keyUpdateInterval;
        keyUpdatePackets = b.keyUpdatePackets;
        replayWindow = b.replayWindow;
        aeadImplementation = b.aeadImplementation;
        cipherSuites = b.cipherSuites;
        maxEarlyPackets = b.maxEarlyPackets;
        fecEnabled = b.fecEnabled;
        fecDataShards = b.fecDataShards;
        fecParityShards = b.fecParityShards;
        fecAdaptive = b.fecAdaptive;
        fecMaxGroupDelay = b.fecMaxGroupDelay;
        compression = b.compression;
        compressionThreshold = b.compressionThreshold;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static ConnectionConfig defaults() {
        return builder().build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Heartbeat interval (default 5 s, as the original): a HEARTBEAT is sent this often; 0 disables heartbeats. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Missed heartbeat intervals before the connection closes with TIMEOUT (default 3). */
    public int heartbeatTimeoutCount() {
        return heartbeatTimeoutCount;
    }

    /** Streams the peer may open (default 100). */
    public int maxStreams() {
        return maxStreams;
    }

    /** Messages per second this endpoint sends at most; 0 = unlimited (default). Excess sends wait (backpressure). */
    public long rateLimitMessages() {
        return rateLimitMessages;
    }

    /** Payload bytes per second this endpoint sends at most; 0 = unlimited (default). Excess sends wait. */
    public long rateLimitBytes() {
        return rateLimitBytes;
    }

    /**
     * Compact 1-RTT headers (docs/PROTOCOL.md §3.6): about 7 bytes to the server and 2 to the client instead of 17;
     * used when both sides enable it (default off).
     */
    public boolean enableHeaderCompression() {
        return enableHeaderCompression;
    }

    /** Close silently after this long without receiving anything (default 30 s); the smaller of both peers' wins. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The handshake must complete within this (default 10 s). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Largest message sent or accepted (default 16 MiB). */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** Per-stream receive window (default 16 MiB; at least {@link #maxMessageSize()}). */
    public long streamReceiveWindow() {
        return streamReceiveWindow;
    }

    /** Connection receive window (default 32 MiB; at least {@link #maxMessageSize()}): bounds buffered input. */
    public long connectionReceiveWindow() {
        return connectionReceiveWindow;
    }

    /** Bytes queued for sending (not yet acknowledged) before sends wait (default 32 MiB; ≥ maxMessageSize). */
    public long sendBufferSize() {
        return sendBufferSize;
    }

    /** Largest UDP payload sent and accepted (default 1200, safe on any Internet path; 1452 fits Ethernet). */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /** Congestion controller (default NewReno). */
    public CongestionAlgorithm congestionControl() {
        return congestionControl;
    }

    /** Initial congestion window in packets of {@link #maxDatagramSize()} (default 10). */
    public int initialCongestionWindowPackets() {
        return initialCongestionWindowPackets;
    }

    /**
     * Ack-eliciting packets received before an ACK is sent at once (default 2, as QUIC recommends). The original's
     * 10 cuts ACK traffic on clean fast paths (measured ≈ 15 % more loopback throughput) but, with the 10 ms
     * maxAckDelay, stalls a sender whose window has shrunk after losses: 100 MiB through 5 % loss took 181 s with 10
     * and 52 s with 2.
     */
    public int ackBatchSize() {
        return ackBatchSize;
    }

    /** Longest delay of an ACK (default 10 ms, as the original). */
    public Duration maxAckDelay() {
        return maxAckDelay;
    }

    /** Default time-to-live of messages on PARTIALLY_RELIABLE streams (default 1 s). */
    public Duration partialReliabilityTtl() {
        return partialReliabilityTtl;
    }

    /** How long an incomplete BEST_EFFORT message is kept (default 1 s). */
    public Duration bestEffortReassemblyTimeout() {
        return bestEffortReassemblyTimeout;
    }

    /** Interval of full in-band re-handshakes with fresh ephemerals (default 60 min; zero disables). */
    public Duration rehandshakeInterval() {
        return rehandshakeInterval;
    }

    /** Symmetric key update interval (default 2 min). */
    public Duration keyUpdateInterval() {
        return keyUpdateInterval;
    }

    /** Packets per key before a symmetric key update (default 2^24; AES-GCM is capped at 2^23). */
    public long keyUpdatePackets() {
        return keyUpdatePackets;
    }

    /** Replay window in packets (default 8128, at least 1024). */
    public int replayWindow() {
        return replayWindow;
    }

    /** AEAD implementation (default the JDK's). */
    public AeadImplementation aeadImplementation() {
        return aeadImplementation;
    }

    /** Cipher suites in preference order (default: AES-256-GCM first with AES hardware, else ChaCha20-Poly1305). */
    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    /** 1-RTT packets a server buffers while it waits for ClientFinished (default 16); more are dropped and counted. */
    public int maxEarlyPackets() {
        return maxEarlyPackets;
    }

    /** Send Reed-Solomon repair packets, and accept the peer's (both sides must enable it; default off). */
    public boolean fecEnabled() {
        return fecEnabled;
    }

    /** Data packets per FEC group, k (default 10). */
    public int fecDataShards() {
        return fecDataShards;
    }

    /** Repair packets per FEC group, m; with {@link #fecAdaptive} the most the adaptive mode may use (default 2: at most 2 losses in 12 packets, 16.7 %, are repaired). */
    public int fecParityShards() {
        return fecParityShards;
    }

    /** Choose the parity per group from the loss rate the peer reports (none on a clean path, up to {@link #fecParityShards} as loss rises; default off). */
    public boolean fecAdaptive() {
        return fecAdaptive;
    }

    /** Longest a FEC group waits for more packets before its repair packets go out (default 10 ms). */
    public Duration fecMaxGroupDelay() {
        return fecMaxGroupDelay;
    }

    /** LZ4-compress messages on every stream of this connection, when the peer can decompress (default off; per stream with {@code setCompression}). */
    public boolean compression() {
        return compression;
    }

    /** Smallest message worth compressing, in bytes (default 512). */
    public int compressionThreshold() {
        return compressionThreshold;
    }

    @Override
    public String toString() {
        return "ConnectionConfig[heartbeat=" + heartbeatInterval + "x" + heartbeatTimeoutCount + ", idle=" + idleTimeout
                + ", maxStreams=" + maxStreams + ", maxMessage=" + maxMessageSize + ", datagram=" + maxDatagramSize
                + ", cc=" + congestionControl + ", rateLimits=" + rateLimitMessages + "msg/s," + rateLimitBytes
                + "B/s]";
    }

    /** Builder of {@link ConnectionConfig}; not thread-safe. */
    public static final class Builder {
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        private int heartbeatTimeoutCount = 3;
        private int maxStreams = 100;
        private long rateLimitMessages;
        private long rateLimitBytes;
        private boolean enableHeaderCompression;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private long maxMessageSize = 16L << 20;
        private long streamReceiveWindow = 16L << 20;
        private long connectionReceiveWindow = 32L << 20;
        private long sendBufferSize = 32L << 20;
        private int maxDatagramSize = 1200;
        private CongestionAlgorithm congestionControl = CongestionAlgorithm.NEW_RENO;
        private int initialCongestionWindowPackets = 10;
        private int ackBatchSize = 2;
        private Duration maxAckDelay = Duration.ofMillis(10);
        private Duration partialReliabilityTtl = Duration.ofSeconds(1);
        private Duration bestEffortReassemblyTimeout = Duration.ofSeconds(1);
        private Duration rehandshakeInterval = Duration.ofMinutes(60);
        private Duration keyUpdateInterval = Duration.ofMinutes(2);
        private long keyUpdatePackets = 1L << 24;
        private int replayWindow = ReplayWindow.DEFAULT_SIZE;
        private AeadImplementation aeadImplementation = AeadImplementation.JDK;
        private List<CipherSuite> cipherSuites = SuitePreference.hardwareDefault();
        private int maxEarlyPackets = 16;
        private boolean fecEnabled = false;
        private int fecDataShards = 10;
        private int fecParityShards = 2;
        private boolean fecAdaptive = false;
        private Duration fecMaxGroupDelay = Duration.ofMillis(10);
        private boolean compression = false;
        private int compressionThreshold = 512;

        private Builder() {}

        private Builder(ConnectionConfig c) {
            heartbeatInterval = c.heartbeatInterval;
            heartbeatTimeoutCount = c.heartbeatTimeoutCount;
            maxStreams = c.maxStreams;
            rateLimitMessages = c.rateLimitMessages;
            rateLimitBytes = c.rateLimitBytes;
            enableHeaderCompression = c.enableHeaderCompression;
            idleTimeout = c.idleTimeout;
            handshakeTimeout = c.handshakeTimeout;
            maxMessageSize = c.maxMessageSize;
            streamReceiveWindow = c.streamReceiveWindow;
            connectionReceiveWindow = c.connectionReceiveWindow;
            sendBufferSize = c.sendBufferSize;
            maxDatagramSize = c.maxDatagramSize;
            congestionControl = c.congestionControl;
            initialCongestionWindowPackets = c.initialCongestionWindowPackets;
            ackBatchSize = c.ackBatchSize;
            maxAckDelay = c.maxAckDelay;
            partialReliabilityTtl = c.partialReliabilityTtl;
            bestEffortReassemblyTimeout = c.bestEffortReassemblyTimeout;
            rehandshakeInterval = c.rehandshakeInterval;
            keyUpdateInterval = c.keyUpdateInterval;
            keyUpdatePackets = c.keyUpdatePackets;
            replayWindow = c.replayWindow;
            aeadImplementation = c.aeadImplementation;
            cipherSuites = c.cipherSuites;
            maxEarlyPackets = c.maxEarlyPackets;
            fecEnabled = c.fecEnabled;
            fecDataShards = c.fecDataShards;
            fecParityShards = c.fecParityShards;
            fecAdaptive = c.fecAdaptive;
            fecMaxGroupDelay = c.fecMaxGroupDelay;
            compression = c.compression;
            compressionThreshold = c.compressionThreshold;
        }

        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        public Builder heartbeatTimeoutCount(int v) {
            heartbeatTimeoutCount = v;
            return this;
        }

        public Builder maxStreams(int v) {
            maxStreams = v;
            return this;
        }

        public Builder rateLimitMessages(long perSecond) {
            rateLimitMessages = perSecond;
            return this;
        }

        public Builder rateLimitBytes(long perSecond) {
            rateLimitBytes = perSecond;
            return this;
        }

        public Builder enableHeaderCompression(boolean v) {
            enableHeaderCompression = v;
            return this;
        }

        public Builder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        public Builder handshakeTimeout(Duration v) {
            handshakeTimeout = v;
            return this;
        }

        public Builder maxMessageSize(long v) {
            maxMessageSize = v;
            return this;
        }

        public Builder streamReceiveWindow(long v) {
            streamReceiveWindow = v;
            return this;
        }

        public Builder connectionReceiveWindow(long v) {
            connectionReceiveWindow = v;
            return this;
        }

        public Builder sendBufferSize(long v) {
            sendBufferSize = v;
            return this;
        }

        public Builder maxDatagramSize(int v) {
            maxDatagramSize = v;
            return this;
        }

        public Builder congestionControl(CongestionAlgorithm v) {
            congestionControl = v;
            return this;
        }

        public Builder initialCongestionWindowPackets(int v) {
            initialCongestionWindowPackets = v;
            return this;
        }

        public Builder ackBatchSize(int v) {
            ackBatchSize = v;
            return this;
        }

        public Builder maxAckDelay(Duration v) {
            maxAckDelay = v;
            return this;
        }

        public Builder partialReliabilityTtl(Duration v) {
            partialReliabilityTtl = v;
            return this;
        }

        public Builder bestEffortReassemblyTimeout(Duration v) {
            bestEffortReassemblyTimeout = v;
            return this;
        }

        public Builder rehandshakeInterval(Duration v) {
            rehandshakeInterval = v;
            return this;
        }

        public Builder keyUpdateInterval(Duration v) {
            keyUpdateInterval = v;
            return this;
        }

        public Builder keyUpdatePackets(long v) {
            keyUpdatePackets = v;
            return this;
        }

        public Builder replayWindow(int v) {
            replayWindow = v;
            return this;
        }

        public Builder aeadImplementation(AeadImplementation v) {
            aeadImplementation = v;
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> v) {
            cipherSuites = v == null ? null : List.copyOf(v);
            return this;
        }

        public Builder maxEarlyPackets(int v) {
            maxEarlyPackets = v;
            return this;
        }

        public Builder fecEnabled(boolean v) {
            fecEnabled = v;
            return this;
        }

        public Builder fecDataShards(int v) {
            fecDataShards = v;
            return this;
        }

        public Builder fecParityShards(int v) {
            fecParityShards = v;
            return this;
        }

        public Builder fecAdaptive(boolean v) {
            fecAdaptive = v;
            return this;
        }

        public Builder fecMaxGroupDelay(Duration v) {
            fecMaxGroupDelay = v;
            return this;
        }

        public Builder compression(boolean v) {
            compression = v;
            return this;
        }

        public Builder compressionThreshold(int v) {
            compressionThreshold = v;
            return this;
        }

        /** Validates and builds; the exception names the offending field. */
        public ConnectionConfig build() {
            nonNegative("heartbeatInterval", heartbeatInterval);
            positive("heartbeatTimeoutCount", heartbeatTimeoutCount);
            range("maxStreams", maxStreams, 0, 1 << 20);
            range("rateLimitMessages", rateLimitMessages, 0, Long.MAX_VALUE);
            range("rateLimitBytes", rateLimitBytes, 0, Long.MAX_VALUE);
            positive("idleTimeout", idleTimeout);
            positive("handshakeTimeout", handshakeTimeout);
            range("maxMessageSize", maxMessageSize, 1, 1L << 40);
            range("streamReceiveWindow", streamReceiveWindow, maxMessageSize, 1L << 50);
            range("connectionReceiveWindow", connectionReceiveWindow, maxMessageSize, 1L << 50);
            range("sendBufferSize", sendBufferSize, maxMessageSize, 1L << 50);
            range("maxDatagramSize", maxDatagramSize, 1200, MAX_DATAGRAM_SIZE);
            if (congestionControl == null) {
                throw new IllegalArgumentException("congestionControl must not be null");
            }
            range("initialCongestionWindowPackets", initialCongestionWindowPackets, 2, 1000);
            range("ackBatchSize", ackBatchSize, 1, 1000);
            positive("maxAckDelay", maxAckDelay);
            if (maxAckDelay.toMillis() > 16_383) {
                throw new IllegalArgumentException("maxAckDelay must be at most 16383 ms");
            }
            positive("partialReliabilityTtl", partialReliabilityTtl);
            positive("bestEffortReassemblyTimeout", bestEffortReassemblyTimeout);
            nonNegative("rehandshakeInterval", rehandshakeInterval);
            positive("keyUpdateInterval", keyUpdateInterval);
            range("keyUpdatePackets", keyUpdatePackets, 1, 1L << 62);
            range("replayWindow", replayWindow, ReplayWindow.MIN_SIZE, 1 << 20);
            if (aeadImplementation == null) {
                throw new IllegalArgumentException("aeadImplementation must not be null");
            }
            if (cipherSuites == null || cipherSuites.isEmpty()) {
                throw new IllegalArgumentException("cipherSuites must list at least one suite");
            }
            range("maxEarlyPackets", maxEarlyPackets, 0, 1024);
            range("fecDataShards", fecDataShards, 1, 64);
            range("fecParityShards", fecParityShards, 1, 64);
            positive("fecMaxGroupDelay", fecMaxGroupDelay);
            range("compressionThreshold", compressionThreshold, 1, Integer.MAX_VALUE);
            return new ConnectionConfig(this);
        }

        private static void range(String name, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
            }
        }

        private static void positive(String name, long v) {
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + v);
            }
        }

        private static void positive(String name, Duration v) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + v);
            }
        }

        private static void nonNegative(String name, Duration v) {
            if (v == null || v.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + v);
            }
        }
    }
}
