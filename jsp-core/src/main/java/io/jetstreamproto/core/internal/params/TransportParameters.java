package io.jetstreamproto.core.internal.params;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What each endpoint tells its peer about itself in the handshake (docs/PROTOCOL.md §8.9), encoded as the FlatBuffers
 * table of {@code src/main/flatbuffers/transport_parameters.fbs}. The table is read through {@link FbTable}, a
 * hand-written equivalent of flatc's output (the Debian flatc is older than the runtime), with every read
 * bounds-checked so that a malformed table is a {@link ProtocolError#TRANSPORT_PARAMETER_ERROR}, never a crash.
 *
 * @param maxIdleTimeoutMs      the sender closes after this long without receiving anything
 * @param maxDatagramSize       largest UDP payload the sender accepts (≥ 1200)
 * @param initialMaxData        connection flow-control limit
 * @param initialMaxStreamData  per-stream flow-control limit
 * @param initialMaxStreams     streams the peer may open
 * @param maxMessageSize        largest message accepted
 * @param maxAckDelayMs         how long the sender may delay ACKs
 * @param heartbeatIntervalMs   the sender's heartbeat interval (informational)
 * @param features              bit flags of optional features (FEC, compression)
 */
public record TransportParameters(long maxIdleTimeoutMs, long maxDatagramSize, long initialMaxData,
        long initialMaxStreamData, long initialMaxStreams, long maxMessageSize, long maxAckDelayMs,
        long heartbeatIntervalMs, long features) {

    /** The defaults of the schema. */
    /** Feature bit: the sender uses FEC and accepts REPAIR frames (docs/PROTOCOL.md §8.10). */
    public static final long FEATURE_FEC = 0x1;
    /** Feature bit: the sender can decompress LZ4 messages (STREAM flag COMPRESSED, §8.8). */
    public static final long FEATURE_LZ4 = 0x2;
    /** Feature bit: the sender wants compact 1-RTT headers (docs/PROTOCOL.md §3.6); used when both set it. */
    public static final long FEATURE_COMPACT_HEADER = 0x4;

    public static final TransportParameters DEFAULTS = new TransportParameters(30_000, 1200, 32L << 20, 16L << 20,
            100, 16L << 20, 10, 5000, 0);

    /** Checks the values a peer may send. */
    public TransportParameters {
        if (maxDatagramSize < 1200 || maxDatagramSize > 65_507) {
            throw invalid("max_datagram_size out of range: " + maxDatagramSize);
        }
        if (maxMessageSize < 1 || initialMaxStreamData < maxMessageSize || initialMaxData < maxMessageSize) {
            throw invalid("flow-control limits must be at least max_message_size");
        }
        if (maxAckDelayMs > 16_383 || maxIdleTimeoutMs > 3_600_000L * 24) {
            throw invalid("max_ack_delay_ms or max_idle_timeout_ms out of range");
        }
        if (!isUint32(maxIdleTimeoutMs) || !isUint32(initialMaxStreams) || !isUint32(maxAckDelayMs)
                || !isUint32(heartbeatIntervalMs) || !isUint32(features)) {
            throw invalid("a uint32 field is out of range"); // encode() would silently wrap it
        }
    }

    private static boolean isUint32(long v) {
        return v >= 0 && v <= 0xFFFF_FFFFL;
    }

    private static ProtocolViolationException invalid(String message) {
        return new ProtocolViolationException(ProtocolError.TRANSPORT_PARAMETER_ERROR, message);
    }

    /** The FlatBuffers encoding; fields equal to the schema default are omitted (as flatc's builders do). */
    public byte[] encode() {
        FlatBufferBuilder b = new FlatBufferBuilder(128);
        b.startTable(FbTable.FIELD_COUNT);
        b.addLong(2, initialMaxData, DEFAULTS.initialMaxData);
        b.addLong(3, initialMaxStreamData, DEFAULTS.initialMaxStreamData);
        b.addLong(5, maxMessageSize, DEFAULTS.maxMessageSize);
        b.addInt(0, (int) maxIdleTimeoutMs, (int) DEFAULTS.maxIdleTimeoutMs);
        b.addInt(1, (int) maxDatagramSize, (int) DEFAULTS.maxDatagramSize);
        b.addInt(4, (int) initialMaxStreams, (int) DEFAULTS.initialMaxStreams);
        b.addInt(6, (int) maxAckDelayMs, (int) DEFAULTS.maxAckDelayMs);
        b.addInt(7, (int) heartbeatIntervalMs, (int) DEFAULTS.heartbeatIntervalMs);
        b.addInt(8, (int) features, (int) DEFAULTS.features);
        b.finish(b.endTable());
        return b.sizedByteArray();
    }

    /**
     * Decodes a peer's parameters; an empty array means "all defaults".
     *
     * @throws ProtocolViolationException with {@link ProtocolError#TRANSPORT_PARAMETER_ERROR} for malformed or
     *                                    out-of-range input
     */
    public static TransportParameters decode(byte[] encoded) {
        if (encoded.length == 0) {
            return DEFAULTS;
        }
        try {
            FbTable t = FbTable.root(ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN));
            return new TransportParameters(t.u32(0, DEFAULTS.maxIdleTimeoutMs), t.u32(1, DEFAULTS.maxDatagramSize),
                    t.u64(2, DEFAULTS.initialMaxData), t.u64(3, DEFAULTS.initialMaxStreamData),
                    t.u32(4, DEFAULTS.initialMaxStreams), t.u64(5, DEFAULTS.maxMessageSize),
                    t.u32(6, DEFAULTS.maxAckDelayMs), t.u32(7, DEFAULTS.heartbeatIntervalMs),
                    t.u32(8, DEFAULTS.features));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw invalid("malformed transport parameters");
        }
    }

    /** Read access to TransportParametersTable, equivalent to flatc's generated accessor with bounds checks. */
    static final class FbTable extends com.google.flatbuffers.Table {
        static final int FIELD_COUNT = 9;

        static FbTable root(ByteBuffer bb) {
            if (bb.remaining() < 8) {
                throw new IllegalArgumentException("too short");
            }
            int root = bb.getInt(bb.position()) + bb.position();
            FbTable t = new FbTable();
            t.__reset(root, bb);
            int vtable = root - bb.getInt(root);
            if (vtable < 0 || vtable + 4 > bb.limit() || bb.getShort(vtable) < 4 || vtable + bb.getShort(vtable) > bb.limit()) {
                throw new IllegalArgumentException("bad vtable");
            }
            return t;
        }

        long u32(int field, long dflt) {
            int o = __offset(4 + 2 * field);
            return o != 0 ? Integer.toUnsignedLong(bb.getInt(o + bb_pos)) : dflt;
        }

        long u64(int field, long dflt) {
            int o = __offset(4 + 2 * field);
            if (o == 0) {
                return dflt;
            }
            long v = bb.getLong(o + bb_pos);
            if (v < 0) {
                throw new IllegalArgumentException("uint64 beyond 2^63");
            }
            return v;
        }
    }
}
