package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.LongHeader;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.PacketType;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.packet.RetryPacket;
import io.jetstreamproto.crypto.internal.packet.VersionNegotiationPacket;
import io.jetstreamproto.crypto.internal.token.RetryIntegrity;
import io.jetstreamproto.crypto.internal.token.RetryTokens;
import io.jetstreamproto.crypto.internal.token.TokenValidation;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's first line for Initial datagrams that belong to no connection yet (docs/PROTOCOL.md §6):
 * cheap checks before any expensive work, in this order:
 * <ol>
 *   <li>datagrams under 1200 bytes are dropped (SR-24);</li>
 *   <li>unknown versions get a Version Negotiation reply, smaller than the trigger (SR-32);</li>
 *   <li>a token, if present, must validate, else the datagram is dropped (SR-27); without a token, when the caller
 *       says the server is under load (or always requires validation), the answer is a stateless Retry and nothing
 *       is stored (SR-26);</li>
 *   <li>ClientHello fragments are reassembled with bounded memory: at most one partial ClientHello per source
 *       address and port, at most {@code maxPending} in all, each dropped after {@code reassemblyTimeout} (SR-31).</li>
 * </ol>
 * Only then is a complete {@link ClientInitial} handed on for the expensive handshake. Not thread-safe: one gate
 * per server socket, used on its event loop.
 */
public final class InitialPacketGate {

    /** What to do with a datagram. */
    public sealed interface Decision permits Drop, Reply, Buffered, Accept {}

    /** Drop it; {@code reason} is counted in {@link GateStats}. */
    public record Drop(String reason) implements Decision {}

    /** Send {@code datagram} back to the source (Version Negotiation or Retry) and keep no state. */
    public record Reply(byte[] datagram) implements Decision {}

    /** A ClientHello fragment was stored; nothing to send yet. */
    public record Buffered() implements Decision {}

    /** A complete ClientHello: start a handshake. */
    public record Accept(ClientInitial initial) implements Decision {}

    /**
     * Gate settings.
     *
     * @param supportedVersions  versions the server speaks
     * @param maxPending         partial ClientHellos held at once (default 1024)
     * @param maxClientHello     largest ClientHello accepted (default 4096 bytes)
     * @param reassemblyTimeout  lifetime of a partial ClientHello (default 1 s)
     */
    public record Config(List<Integer> supportedVersions, int maxPending, int maxClientHello,
            Duration reassemblyTimeout) {
        public Config {
            supportedVersions = List.copyOf(supportedVersions);
            if (supportedVersions.isEmpty() || maxPending < 1 || maxClientHello < 1024) {
                throw new IllegalArgumentException("bad gate configuration");
            }
        }

        public static Config defaults(List<Integer> versions) {
            return new Config(versions, 1024, 4096, Duration.ofSeconds(1));
        }
    }

    private record Source(ByteArrayKey ip, int port) {}

    private static final class Partial {
        final ConnectionId dcid;
        final ConnectionId scid;
        final int version;
        final ConnectionId originalDcid;
        final ConnectionId retryScid;
        final boolean validated;
        final CryptoReassembler crypto;
        final long expiresAt;
        int bytes;

        Partial(ConnectionId dcid, ConnectionId scid, int version, ConnectionId originalDcid, ConnectionId retryScid,
                boolean validated, int limit, long expiresAt) {
            this.dcid = dcid;
            this.scid = scid;
            this.version = version;
            this.originalDcid = originalDcid;
            this.retryScid = retryScid;
            this.validated = validated;
            this.crypto = new CryptoReassembler(limit);
            this.expiresAt = expiresAt;
        }
    }

    private final Config config;
    private final RetryTokens tokens;
    private final RandomSource random;
    private final java.util.function.Supplier<ConnectionId> retryIds;
    private final LinkedHashMap<Source, Partial> pending = new LinkedHashMap<>();
    private long accepted;
    private long tooSmall;
    private long versionNegotiations;
    private long retriesSent;
    private long invalidTokens;
    private long malformed;
    private long reassemblyFull;
    private long reassemblyTimeouts;

    public InitialPacketGate(Config config, RetryTokens tokens, RandomSource random) {
        this(config, tokens, random, () -> ConnectionId.random(random));
    }

    /** As above; {@code retryIds} chooses the connection id a Retry offers (an endpoint's routable layout). */
    public InitialPacketGate(Config config, RetryTokens tokens, RandomSource random,
            java.util.function.Supplier<ConnectionId> retryIds) {
        this.config = config;
        this.tokens = tokens;
        this.random = random;
        this.retryIds = retryIds;
    }

    /**
     * Examines a datagram whose first packet has a long header and whose destination id matches no connection.
     * The datagram is not consumed or released.
     *
     * @param ip           the source address bytes (4 or 16)
     * @param port         the source port
     * @param requireRetry whether address validation is required before any state is kept (under load, or always)
     */
    public Decision onDatagram(ByteBuf datagram, byte[] ip, int port, boolean requireRetry, long nowNanos) {
        int size = datagram.readableBytes();
        if (size < FlightEncoder.MIN_INITIAL_DATAGRAM) {
            tooSmall++;
            return new Drop("initial datagram under 1200 bytes");
        }
        ByteBuf in = datagram.duplicate();
        try {
            int version = PacketCodec.peekVersion(in);
            if (version == ProtocolVersion.NEGOTIATION) {
                malformed++;
                return new Drop("version negotiation sent to a server");
            }
            if (!config.supportedVersions().contains(version)) {
                return versionNegotiation(in);
            }
            if (PacketCodec.peekLongType(in) != PacketType.INITIAL) {
                malformed++;
                return new Drop("not an Initial packet");
            }
            LongHeader h = PacketCodec.readLongHeader(in);
            if (h.dcid().length() < ConnectionId.MIN_INITIAL_DCID_LENGTH || h.scid().length() != ConnectionId.LENGTH) {
                malformed++;
                return new Drop("bad connection id length");
            }
            ConnectionId originalDcid = h.dcid();
            ConnectionId retryScid = null;
            boolean validated = false;
            if (h.token().length > 0) {
                TokenValidation v = tokens.validate(h.token(), ip, port, h.scid(), nowNanos);
                if (!v.isValid()) {
                    invalidTokens++;
                    return new Drop("invalid token: " + v.outcome());
                }
                originalDcid = v.originalDcid();
                retryScid = h.dcid();
                validated = true;
            } else if (requireRetry) {
                return retry(h, ip, port, nowNanos);
            }
            return reassemble(in, h, ip, port, originalDcid, retryScid, validated, size, nowNanos);
        } catch (PacketFormatException e) {
            malformed++;
            return new Drop("malformed: " + e.getMessage());
        }
    }

    private Decision versionNegotiation(ByteBuf in) {
        int idx = in.readerIndex();
        if (in.readableBytes() < 7) {
            malformed++;
            return new Drop("truncated");
        }
        int dcidLen = in.getUnsignedByte(idx + 5);
        if (dcidLen > ConnectionId.MAX_LENGTH || in.readableBytes() < 7 + dcidLen) {
            malformed++;
            return new Drop("bad dcid");
        }
        int scidLen = in.getUnsignedByte(idx + 6 + dcidLen);
        if (scidLen > ConnectionId.MAX_LENGTH || in.readableBytes() < 7 + dcidLen + scidLen) {
            malformed++;
            return new Drop("bad scid");
        }
        ConnectionId dcid = ConnectionId.read(in.skipBytes(6), dcidLen);
        in.skipBytes(1);
        ConnectionId scid = ConnectionId.read(in, scidLen);
        VersionNegotiationPacket vn = new VersionNegotiationPacket(scid, dcid, config.supportedVersions());
        versionNegotiations++;
        return new Reply(encode(vn.encodedLength(), vn::encode));
    }

    private Decision retry(LongHeader h, byte[] ip, int port, long nowNanos) {
        ConnectionId newScid = retryIds.get();
        byte[] token = tokens.mint(ip, port, h.scid(), h.dcid(), nowNanos);
        RetryPacket retry = RetryIntegrity.create(h.dcid(), h.version(), h.scid(), newScid, token);
        retriesSent++;
        return new Reply(encode(64 + token.length, retry::encode));
    }

    private Decision reassemble(ByteBuf in, LongHeader h, byte[] ip, int port, ConnectionId originalDcid,
            ConnectionId retryScid, boolean validated, int size, long nowNanos) {
        expire(nowNanos);
        Source source = new Source(new ByteArrayKey(ip), port);
        Partial p = pending.get(source);
        if (p != null && !(p.dcid.equals(h.dcid()) && p.scid.equals(h.scid()))) {
            pending.remove(source); // the same source started over: keep only its newest attempt
            p = null;
        }
        if (p == null) {
            if (pending.size() >= config.maxPending()) {
                reassemblyFull++;
                return new Drop("reassembly table full");
            }
            p = new Partial(h.dcid(), h.scid(), h.version(), originalDcid, retryScid, validated, config.maxClientHello(),
                    nowNanos + config.reassemblyTimeout().toNanos());
            pending.put(source, p);
        }
        Partial partial = p;
        partial.bytes += size;
        HandshakeFrames.decode(in, h.payloadStart(), h.packetEnd(), true, new HandshakeFrames.Visitor() {
            @Override
            public void crypto(long offset, byte[] data, int dataOffset, int length) {
                partial.crypto.add(offset, data, dataOffset, length);
            }

            @Override
            public void handshakeDone() {
                throw new PacketFormatException("unexpected frame");
            }

            @Override
            public void connectionClose(long errorCode, String reason) {
                throw new PacketFormatException("unexpected frame");
            }
        });
        byte[] ch = partial.crypto.nextMessage();
        if (ch == null) {
            return new Buffered();
        }
        pending.remove(source);
        if (partial.crypto.contiguousBytes() != ch.length) {
            malformed++;
            return new Drop("data after ClientHello");
        }
        accepted++;
        return new Accept(new ClientInitial(partial.version, partial.originalDcid, partial.dcid, partial.scid,
                partial.retryScid, partial.validated, ch, partial.bytes));
    }

    /** Forgets partial ClientHellos past their timeout. */
    public void onTimeout(long nowNanos) {
        expire(nowNanos);
    }

    private void expire(long nowNanos) {
        Iterator<Map.Entry<Source, Partial>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Partial p = it.next().getValue();
            if (nowNanos - p.expiresAt < 0) {
                break; // insertion order = expiry order
            }
            it.remove();
            reassemblyTimeouts++;
        }
    }

    /** When {@link #onTimeout} must next run, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.values().iterator().next().expiresAt;
    }

    public GateStats stats() {
        return new GateStats(accepted, tooSmall, versionNegotiations, retriesSent, invalidTokens, malformed,
                reassemblyFull, reassemblyTimeouts, pending.size());
    }

    private interface Encoder {
        void encode(ByteBuf out);
    }

    private static byte[] encode(int sizeHint, Encoder e) {
        ByteBuf b = Unpooled.buffer(sizeHint);
        try {
            e.encode(b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    /** Byte-array map key (addresses are public data). */
    private static final class ByteArrayKey {
        private final byte[] b;
        private final int hash;

        ByteArrayKey(byte[] b) {
            this.b = b.clone();
            this.hash = java.util.Arrays.hashCode(b);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteArrayKey k && k.hash == hash
                    && java.util.Arrays.equals(b, 0, b.length, k.b, 0, k.b.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

}
