package io.jetstreamproto.core.internal.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md §8.9 and src/main/flatbuffers/transport_parameters.fbs. */
class TransportParametersTest {
    private static final TransportParameters D = TransportParameters.DEFAULTS;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    /** Every field different from its default, the uint32 ones above 2^31 where their range allows it. */
    private static final TransportParameters ALL_SET = new TransportParameters(86_400_000L, 65_507, 1L << 40,
            (1L << 62) + 5, 3_000_000_000L, 1L << 30, 16_383, 4_000_000_000L, 0x8000_0005L);

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] encoded) {
        return assertThatThrownBy(() -> TransportParameters.decode(encoded))
                .as("decoding %s", HexFormat.of().formatHex(encoded))
                .isInstanceOfSatisfying(ProtocolViolationException.class,
                        e -> assertThat(e.error()).isEqualTo(ProtocolError.TRANSPORT_PARAMETER_ERROR));
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Absolute position of the root table. */
    private static int root(byte[] b) {
        return le(b).getInt(0);
    }

    private static int vtable(byte[] b) {
        return root(b) - le(b).getInt(root(b));
    }

    /** Position, inside the vtable, of the offset entry of {@code field}. */
    private static int entry(byte[] b, int field) {
        return vtable(b) + 4 + 2 * field;
    }

    @Test
    void defaultsAreThoseOfTheSpecification() {
        assertThat(D.maxIdleTimeoutMs()).isEqualTo(30_000);
        assertThat(D.maxDatagramSize()).isEqualTo(1200);
        assertThat(D.initialMaxData()).isEqualTo(33_554_432);
        assertThat(D.initialMaxStreamData()).isEqualTo(16_777_216);
        assertThat(D.initialMaxStreams()).isEqualTo(100);
        assertThat(D.maxMessageSize()).isEqualTo(16_777_216);
        assertThat(D.maxAckDelayMs()).isEqualTo(10);
        assertThat(D.heartbeatIntervalMs()).isEqualTo(5000);
        assertThat(D.features()).isZero();
    }

    @Test
    void emptyOrDefaultEncodingsDecodeToTheDefaults() {
        assertThat(TransportParameters.decode(new byte[0])).isSameAs(D);
        byte[] defaults = D.encode();
        // fields equal to their default are omitted: root offset, vtable of 4 bytes, empty table
        assertThat(defaults.length).isLessThanOrEqualTo(12);
        assertThat(le(defaults).getShort(vtable(defaults))).as("vtable without field entries").isEqualTo((short) 4);
        assertThat(TransportParameters.decode(defaults)).isEqualTo(D);
    }

    @Test
    void allFieldsRoundTrip() {
        byte[] encoded = ALL_SET.encode();
        assertThat(TransportParameters.decode(encoded)).isEqualTo(ALL_SET);
        assertThat(le(encoded).getShort(vtable(encoded))).as("vtable with all nine entries").isEqualTo((short) (4 + 2 * 9));
    }

    @Test
    void eachFieldAloneRoundTripsAndTheOthersTakeTheirDefaults() {
        TransportParameters[] single = {
            new TransportParameters(1, D.maxDatagramSize(), D.initialMaxData(), D.initialMaxStreamData(),
                    D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(), D.heartbeatIntervalMs(), D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), 1500, D.initialMaxData(), D.initialMaxStreamData(),
                    D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(), D.heartbeatIntervalMs(), D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), 1L << 50, D.initialMaxStreamData(),
                    D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(), D.heartbeatIntervalMs(), D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), D.initialMaxData(), 1L << 50,
                    D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(), D.heartbeatIntervalMs(), D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), D.initialMaxData(),
                    D.initialMaxStreamData(), 0, D.maxMessageSize(), D.maxAckDelayMs(), D.heartbeatIntervalMs(),
                    D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), D.initialMaxData(),
                    D.initialMaxStreamData(), D.initialMaxStreams(), 1, D.maxAckDelayMs(), D.heartbeatIntervalMs(),
                    D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), D.initialMaxData(),
                    D.initialMaxStreamData(), D.initialMaxStreams(), D.maxMessageSize(), 0, D.heartbeatIntervalMs(),
                    D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), D.initialMaxData(),
                    D.initialMaxStreamData(), D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(), 0,
                    D.features()),
            new TransportParameters(D.maxIdleTimeoutMs(), D.maxDatagramSize(), D.initialMaxData(),
                    D.initialMaxStreamData(), D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(),
                    D.heartbeatIntervalMs(), U32_MAX),
        };
        for (int field = 0; field < single.length; field++) {
            byte[] encoded = single[field].encode();
            assertThat(TransportParameters.decode(encoded)).as("field %d", field).isEqualTo(single[field]);
            for (int other = 0; other < 9; other++) {
                int vt = vtable(encoded);
                int present = entry(encoded, other) < vt + le(encoded).getShort(vt) ? le(encoded).getShort(entry(encoded, other)) : 0;
                assertThat(present != 0).as("field %d present when only %d is set", other, field)
                        .isEqualTo(other == field);
            }
        }
    }

    @Test
    void randomValidParametersRoundTrip() {
        Random rnd = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            long maxMessage = 1 + (rnd.nextLong() >>> (2 + rnd.nextInt(62)));
            long streamData = maxMessage + (rnd.nextLong() >>> 1) % (Long.MAX_VALUE - maxMessage + 1);
            long data = maxMessage + (rnd.nextLong() >>> 1) % (Long.MAX_VALUE - maxMessage + 1);
            TransportParameters p = new TransportParameters(rnd.nextInt(86_400_001), 1200 + rnd.nextInt(65_507 - 1199),
                    data, streamData, rnd.nextLong() & U32_MAX, maxMessage, rnd.nextInt(16_384),
                    rnd.nextLong() & U32_MAX, rnd.nextLong() & U32_MAX);
            assertThat(TransportParameters.decode(p.encode())).isEqualTo(p);
        }
    }

    /** flatc output of another implementation: defaults written explicitly, unknown fields appended. */
    @Test
    void explicitDefaultsAndUnknownFieldsAreAccepted() {
        FlatBufferBuilder b = new FlatBufferBuilder(64);
        b.forceDefaults(true);
        b.startTable(12);
        b.addLong(11, 0x1122334455667788L, 0); // a field of a later version
        b.addLong(3, D.initialMaxStreamData(), D.initialMaxStreamData());
        b.addInt(1, 1400, 1200);
        b.addInt(9, 42, 0);
        b.addInt(0, (int) D.maxIdleTimeoutMs(), (int) D.maxIdleTimeoutMs());
        b.finish(b.endTable());
        TransportParameters p = TransportParameters.decode(b.sizedByteArray());
        assertThat(p).isEqualTo(new TransportParameters(D.maxIdleTimeoutMs(), 1400, D.initialMaxData(),
                D.initialMaxStreamData(), D.initialMaxStreams(), D.maxMessageSize(), D.maxAckDelayMs(),
                D.heartbeatIntervalMs(), D.features()));
    }

    /** An older peer's shorter vtable: the fields it does not have take their defaults. */
    @Test
    void aShortVtableMeansDefaultsForTheMissingFields() {
        FlatBufferBuilder b = new FlatBufferBuilder(64);
        b.startTable(2);
        b.addInt(1, 9000, 1200);
        b.finish(b.endTable());
        byte[] bytes = b.sizedByteArray();
        assertThat(le(bytes).getShort(vtable(bytes))).isEqualTo((short) (4 + 2 * 2));
        assertThat(TransportParameters.decode(bytes).maxDatagramSize()).isEqualTo(9000);
        assertThat(TransportParameters.decode(bytes).initialMaxData()).isEqualTo(D.initialMaxData());
    }

    // ---- malformed buffers ----

    @Test
    void everyTruncationIsRejected() {
        for (TransportParameters p : new TransportParameters[] {ALL_SET, D}) {
            byte[] full = p.encode();
            for (int cut = 1; cut < full.length; cut++) {
                assertRejected(Arrays.copyOf(full, cut));
            }
        }
    }

    @Test
    void rootOffsetOutsideTheBufferIsRejected() {
        for (int rootOffset : new int[] {-1, -4, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20}) {
            byte[] b = ALL_SET.encode();
            le(b).putInt(0, rootOffset);
            assertRejected(b);
        }
        byte[] b = ALL_SET.encode();
        le(b).putInt(0, b.length - 2); // the table's soffset would straddle the end
        assertRejected(b);
    }

    @Test
    void vtableOffsetOutsideTheBufferIsRejected() {
        for (int soffset : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, -1000, 1000}) {
            byte[] b = ALL_SET.encode();
            le(b).putInt(root(b), soffset);
            assertRejected(b);
        }
    }

    @Test
    void badVtableSizesAreRejected() {
        for (short size : new short[] {0, 2, 3, (short) 0x8000, (short) 0xFFFF, 0x7FFF, 1000}) {
            byte[] b = ALL_SET.encode();
            le(b).putShort(vtable(b), size);
            assertRejected(b);
        }
    }

    @Test
    void fieldOffsetsPointingOutsideTheBufferAreRejected() {
        for (int field = 0; field < 9; field++) {
            for (short offset : new short[] {0x7FFF, 1000, (short) 0x8000}) {
                byte[] b = ALL_SET.encode();
                le(b).putShort(entry(b, field), offset);
                assertRejected(b);
            }
            // a 64-bit field read that starts inside the buffer but ends beyond it
            byte[] b = ALL_SET.encode();
            le(b).putShort(entry(b, field), (short) (b.length - root(b) - 2));
            assertRejected(b);
        }
    }

    @Test
    void tooShortBuffersAreRejected() {
        for (int n = 1; n < 8; n++) {
            assertRejected(new byte[n]).hasMessageContaining("malformed");
        }
    }

    @Test
    void uint64AboveTwoToThe63IsRejected() {
        for (int field : new int[] {2, 3, 5}) {
            byte[] b = ALL_SET.encode();
            int at = root(b) + le(b).getShort(entry(b, field));
            le(b).putLong(at, -1L);
            assertRejected(b);
        }
    }

    // ---- values out of range ----

    @Test
    void outOfRangeValuesAreRejectedOnDecodeAndConstruction() {
        long[][] bad = {
            // idle, datagram, data, streamData, streams, message, ackDelay, heartbeat, features
            {30_000, 1199, 1 << 25, 1 << 24, 100, 1 << 24, 10, 5000, 0},
            {30_000, 65_508, 1 << 25, 1 << 24, 100, 1 << 24, 10, 5000, 0},
            {30_000, 1200, 1 << 25, 1 << 24, 100, 0, 10, 5000, 0},
            {30_000, 1200, 1 << 25, 1 << 24, 100, (1 << 24) + 1, 10, 5000, 0}, // stream window below a message
            {30_000, 1200, 1 << 20, 1 << 24, 100, 1 << 22, 10, 5000, 0}, // connection window below a message
            {30_000, 1200, 1 << 25, 1 << 24, 100, 1 << 24, 16_384, 5000, 0},
            {86_400_001, 1200, 1 << 25, 1 << 24, 100, 1 << 24, 10, 5000, 0},
        };
        for (long[] v : bad) {
            assertThatThrownBy(() -> new TransportParameters(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]))
                    .as("%s", Arrays.toString(v)).isInstanceOfSatisfying(ProtocolViolationException.class,
                            e -> assertThat(e.error()).isEqualTo(ProtocolError.TRANSPORT_PARAMETER_ERROR));
            // the same values arriving in a FlatBuffers table
            FlatBufferBuilder b = new FlatBufferBuilder(64);
            b.forceDefaults(true);
            b.startTable(9);
            b.addLong(2, v[2], 0);
            b.addLong(3, v[3], 0);
            b.addLong(5, v[5], 0);
            b.addInt(0, (int) v[0], 0);
            b.addInt(1, (int) v[1], 0);
            b.addInt(4, (int) v[4], 0);
            b.addInt(6, (int) v[6], 0);
            b.addInt(7, (int) v[7], 0);
            b.addInt(8, (int) v[8], 0);
            b.finish(b.endTable());
            assertRejected(b.sizedByteArray());
        }
        // uint32 values at the top of their range arrive intact (not as negative ints)
        FlatBufferBuilder b = new FlatBufferBuilder(64);
        b.startTable(9);
        b.addInt(7, -1, 5000);
        b.addInt(4, -2, 100);
        b.finish(b.endTable());
        TransportParameters p = TransportParameters.decode(b.sizedByteArray());
        assertThat(p.heartbeatIntervalMs()).isEqualTo(U32_MAX);
        assertThat(p.initialMaxStreams()).isEqualTo(U32_MAX - 1);
    }

    /** Whatever the constructor accepts survives the uint32 fields of the wire format unchanged. */
    @Test
    void uint32FieldsOutsideTheirRangeAreRejectedByTheConstructor() {
        long[] outside = {-1, Long.MIN_VALUE, U32_MAX + 1, Long.MAX_VALUE};
        for (long v : outside) {
            long[][] cases = {
                {v, 1200, 100, 5000, 0, 10},
                {30_000, 1200, v, 5000, 0, 10},
                {30_000, 1200, 100, v, 0, 10},
                {30_000, 1200, 100, 5000, v, 10},
                {30_000, 1200, 100, 5000, 0, v},
            };
            for (long[] c : cases) {
                assertThatThrownBy(() -> new TransportParameters(c[0], c[1], 1 << 25, 1 << 24, c[2], 1 << 24, c[5],
                        c[3], c[4])).as("%s", Arrays.toString(c)).isInstanceOfSatisfying(
                                ProtocolViolationException.class,
                                e -> assertThat(e.error()).isEqualTo(ProtocolError.TRANSPORT_PARAMETER_ERROR));
            }
        }
    }

    // ---- property: arbitrary bytes ----

    @Test
    void randomAndMutatedBuffersDecodeOrFailWithTheTypedException() {
        Random rnd = new Random(0x7AB1E);
        byte[] valid = ALL_SET.encode();
        int ok = 0;
        int rejected = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] b;
            if (i % 2 == 0) {
                b = new byte[rnd.nextInt(80)];
                rnd.nextBytes(b);
                if (b.length >= 4 && rnd.nextBoolean()) {
                    le(b).putInt(0, rnd.nextInt(b.length)); // a plausible root offset
                }
            } else {
                b = valid.clone();
                for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
            }
            try {
                TransportParameters p = TransportParameters.decode(b);
                ok++;
                // a decoded value is valid: it re-encodes and decodes to itself
                assertThat(TransportParameters.decode(p.encode())).isEqualTo(p);
            } catch (ProtocolViolationException e) {
                rejected++;
                assertThat(e.error()).isEqualTo(ProtocolError.TRANSPORT_PARAMETER_ERROR);
            } catch (RuntimeException e) {
                throw new AssertionError("undocumented exception for " + HexFormat.of().formatHex(b), e);
            }
        }
        assertThat(ok).isGreaterThan(1000);
        assertThat(rejected).isGreaterThan(1000);
    }
}
