package io.jetstreamproto.core.internal.frame;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;

/**
 * ACK (docs/PROTOCOL.md §8.6): disjoint ranges of packet numbers, largest first, encoded as QUIC's gaps and lengths,
 * plus the ACK delay in microseconds.
 */
public final class AckFrame implements Frame, AckRangeSource {
    /** Most ranges one ACK carries. */
    public static final int MAX_RANGES = 64;

    private long ackDelayMicros;
    private long[] smallest;
    private long[] largest;
    /** Ranges in use (a decoder's reusable frame keeps larger arrays). */
    private int count;

    private AckFrame(long ackDelayMicros, long[] smallest, long[] largest) {
        this.ackDelayMicros = ackDelayMicros;
        this.smallest = smallest;
        this.largest = largest;
        this.count = smallest.length;
    }

    /**
     * A frame for {@link FrameDecoder} to decode into again and again ({@link #decodeInto}): a receiver that reuses
     * one allocates nothing per ACK. Its content is valid until the next decode.
     */
    public static AckFrame reusable() {
        return new AckFrame(0, new long[0], new long[0]);
    }

    /**
     * An ACK of {@code ranges} ({smallest, largest} pairs, sorted by descending packet number, disjoint and not
     * adjacent).
     */
    public static AckFrame of(long ackDelayMicros, long[][] ranges) {
        if (ranges.length == 0 || ranges.length > MAX_RANGES || ackDelayMicros < 0 || ackDelayMicros > Varint.MAX_VALUE) {
            throw new IllegalArgumentException("an ACK needs 1.." + MAX_RANGES + " ranges and a valid delay");
        }
        long[] s = new long[ranges.length];
        long[] l = new long[ranges.length];
        for (int i = 0; i < ranges.length; i++) {
            s[i] = ranges[i][0];
            l[i] = ranges[i][1];
            if (s[i] < 0 || s[i] > l[i] || l[i] > Varint.MAX_VALUE || (i > 0 && l[i] >= s[i - 1] - 1)) {
                throw new IllegalArgumentException("ACK ranges must be valid, descending and separated by a gap");
            }
        }
        return new AckFrame(ackDelayMicros, s, l);
    }

    /** An independent copy (of a reusable frame, say). */
    public AckFrame copy() {
        return new AckFrame(ackDelayMicros, java.util.Arrays.copyOf(smallest, count),
                java.util.Arrays.copyOf(largest, count));
    }

    public long ackDelayMicros() {
        return ackDelayMicros;
    }

    @Override
    public int rangeCount() {
        return count;
    }

    @Override
    public long smallest(int i) {
        if (i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return smallest[i];
    }

    @Override
    public long largest(int i) {
        if (i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return largest[i];
    }

    public long largestAcknowledged() {
        return largest[0];
    }

    @Override
    public FrameType type() {
        return FrameType.ACK;
    }

    @Override
    public int encodedLength() {
        return encodedLength(ackDelayMicros, this);
    }

    @Override
    public void encode(ByteBuf out) {
        encode(out, ackDelayMicros, this);
    }

    /** Bytes {@link #encode(ByteBuf, long, AckRangeSource)} writes; checks the ranges as {@link #of} does. */
    public static int encodedLength(long ackDelayMicros, AckRangeSource r) {
        int n = r.rangeCount();
        if (n == 0 || n > MAX_RANGES || ackDelayMicros < 0 || ackDelayMicros > Varint.MAX_VALUE) {
            throw new IllegalArgumentException("an ACK needs 1.." + MAX_RANGES + " ranges and a valid delay");
        }
        long l0 = r.largest(0);
        long s0 = r.smallest(0);
        if (s0 < 0 || s0 > l0 || l0 > Varint.MAX_VALUE) {
            throw new IllegalArgumentException("ACK ranges must be valid, descending and separated by a gap");
        }
        int len = 1 + Varint.encodedLength(l0) + Varint.encodedLength(ackDelayMicros) + Varint.encodedLength(n - 1)
                + Varint.encodedLength(l0 - s0);
        long previousSmallest = s0;
        for (int i = 1; i < n; i++) {
            long s = r.smallest(i);
            long l = r.largest(i);
            if (s < 0 || s > l || l >= previousSmallest - 1) {
                throw new IllegalArgumentException("ACK ranges must be valid, descending and separated by a gap");
            }
            len += Varint.encodedLength(previousSmallest - l - 2) + Varint.encodedLength(l - s);
            previousSmallest = s;
        }
        return len;
    }

    /** Writes an ACK of {@code r}; call {@link #encodedLength(long, AckRangeSource)} first (it checks the ranges). */
    public static void encode(ByteBuf out, long ackDelayMicros, AckRangeSource r) {
        int n = r.rangeCount();
        long l0 = r.largest(0);
        Varint.write(out, FrameType.ACK.code());
        Varint.write(out, l0);
        Varint.write(out, ackDelayMicros);
        Varint.write(out, n - 1);
        Varint.write(out, l0 - r.smallest(0));
        long previousSmallest = r.smallest(0);
        for (int i = 1; i < n; i++) {
            long l = r.largest(i);
            Varint.write(out, previousSmallest - l - 2); // gap
            Varint.write(out, l - r.smallest(i)); // range length
            previousSmallest = r.smallest(i);
        }
    }

    static AckFrame decode(ByteBuf in) {
        return decodeInto(in, reusable());
    }

    /** Decodes an ACK (after its type) into {@code into}, reusing its arrays; returns it. */
    static AckFrame decodeInto(ByteBuf in, AckFrame into) {
        long largestAcked = Varint.read(in);
        long delay = Varint.read(in);
        long extraRanges = Varint.read(in);
        if (extraRanges >= MAX_RANGES) {
            throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "ACK with too many ranges");
        }
        int n = (int) extraRanges + 1;
        long first = Varint.read(in);
        if (first > largestAcked) {
            throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "ACK range below zero");
        }
        if (into.smallest.length < n) {
            into.smallest = new long[Math.max(n, 4)];
            into.largest = new long[into.smallest.length];
        }
        long[] s = into.smallest;
        long[] l = into.largest;
        into.count = 0; // a failed decode leaves no ranges behind
        l[0] = largestAcked;
        s[0] = largestAcked - first;
        for (int i = 1; i < n; i++) {
            long gap = Varint.read(in);
            long length = Varint.read(in);
            long next = s[i - 1] - gap - 2;
            if (next < 0 || length > next) {
                throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "ACK range below zero");
            }
            l[i] = next;
            s[i] = next - length;
        }
        into.ackDelayMicros = delay;
        into.count = n;
        return into;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ACK[delay=").append(ackDelayMicros).append("us");
        for (int i = 0; i < count; i++) {
            sb.append(' ').append(smallest[i]).append('-').append(largest[i]);
        }
        return sb.append(']').toString();
    }
}
