package io.jetstreamproto.core.internal.frame;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;

/**
 * ACK (docs/PROTOCOL.md §8.6): disjoint ranges of packet numbers, largest first, encoded as QUIC's gaps and lengths,
 * plus the ACK delay in microseconds.
 */
public final class AckFrame implements Frame {
    /** Most ranges one ACK carries. */
    public static final int MAX_RANGES = 64;

    private final long ackDelayMicros;
    private final long[] smallest;
    private final long[] largest;

    private AckFrame(long ackDelayMicros, long[] smallest, long[] largest) {
        this.ackDelayMicros = ackDelayMicros;
        this.smallest = smallest;
        this.largest = largest;
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

    public long ackDelayMicros() {
        return ackDelayMicros;
    }

    public int rangeCount() {
        return smallest.length;
    }

    public long smallest(int i) {
        return smallest[i];
    }

    public long largest(int i) {
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
        int n = 1 + Varint.encodedLength(largest[0]) + Varint.encodedLength(ackDelayMicros)
                + Varint.encodedLength(smallest.length - 1) + Varint.encodedLength(largest[0] - smallest[0]);
        for (int i = 1; i < smallest.length; i++) {
            n += Varint.encodedLength(smallest[i - 1] - largest[i] - 2) + Varint.encodedLength(largest[i] - smallest[i]);
        }
        return n;
    }

    @Override
    public void encode(ByteBuf out) {
        Varint.write(out, FrameType.ACK.code());
        Varint.write(out, largest[0]);
        Varint.write(out, ackDelayMicros);
        Varint.write(out, smallest.length - 1);
        Varint.write(out, largest[0] - smallest[0]);
        for (int i = 1; i < smallest.length; i++) {
            Varint.write(out, smallest[i - 1] - largest[i] - 2); // gap
            Varint.write(out, largest[i] - smallest[i]); // range length
        }
    }

    static AckFrame decode(ByteBuf in) {
        long largestAcked = Varint.read(in);
        long delay = Varint.read(in);
        long extraRanges = Varint.read(in);
        if (extraRanges >= MAX_RANGES) {
            throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "ACK with too many ranges");
        }
        int count = (int) extraRanges + 1;
        long[] s = new long[count];
        long[] l = new long[count];
        long first = Varint.read(in);
        if (first > largestAcked) {
            throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "ACK range below zero");
        }
        l[0] = largestAcked;
        s[0] = largestAcked - first;
        for (int i = 1; i < count; i++) {
            long gap = Varint.read(in);
            long length = Varint.read(in);
            long next = s[i - 1] - gap - 2;
            if (next < 0 || length > next) {
                throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "ACK range below zero");
            }
            l[i] = next;
            s[i] = next - length;
        }
        return new AckFrame(delay, s, l);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ACK[delay=").append(ackDelayMicros).append("us");
        for (int i = 0; i < smallest.length; i++) {
            sb.append(' ').append(smallest[i]).append('-').append(largest[i]);
        }
        return sb.append(']').toString();
    }
}
