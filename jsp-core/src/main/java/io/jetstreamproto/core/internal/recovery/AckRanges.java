package io.jetstreamproto.core.internal.recovery;

import java.util.List;

/** The content of an ACK: disjoint ranges sorted by descending packet number, and the peer's ACK delay. */
public final class AckRanges {
    private final long ackDelayNanos;
    private final List<AckRange> ranges;

    private AckRanges(long ackDelayNanos, List<AckRange> ranges) {
        this.ackDelayNanos = ackDelayNanos;
        this.ranges = ranges;
    }

    /** Validates order and disjointness. */
    public static AckRanges of(long ackDelayNanos, List<AckRange> descending) {
        if (descending.isEmpty() || ackDelayNanos < 0) {
            throw new IllegalArgumentException("an ACK needs at least one range and a non-negative delay");
        }
        for (int i = 1; i < descending.size(); i++) {
            if (descending.get(i).largest() >= descending.get(i - 1).smallest()) {
                throw new IllegalArgumentException("ack ranges must be descending and disjoint");
            }
        }
        return new AckRanges(ackDelayNanos, List.copyOf(descending));
    }

    public long ackDelayNanos() {
        return ackDelayNanos;
    }

    public List<AckRange> ranges() {
        return ranges;
    }

    public long largest() {
        return ranges.get(0).largest();
    }

    public long smallest() {
        return ranges.get(ranges.size() - 1).smallest();
    }

    public boolean contains(long pn) {
        for (AckRange r : ranges) {
            if (pn > r.largest()) {
                return false;
            }
            if (pn >= r.smallest()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AckRanges" + ranges + " delay=" + ackDelayNanos + "ns";
    }
}
