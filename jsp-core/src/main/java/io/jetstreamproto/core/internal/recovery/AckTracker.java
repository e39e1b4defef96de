package io.jetstreamproto.core.internal.recovery;

import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's side of acknowledgements: which packet numbers arrived, and when an ACK is due. Policy (QUIC's,
 * RFC 9000 §13.2): an ACK is due when {@code batchSize} ack-eliciting packets arrived since the last ACK, at once
 * when a packet arrives out of order (so the peer detects loss quickly), and at the latest {@code maxAckDelay} after
 * the first unacknowledged ack-eliciting packet. Non-ack-eliciting packets never make an ACK due. At most
 * {@value #MAX_TRACKED_RANGES} ranges are kept (the oldest are forgotten). Not thread-safe.
 */
public final class AckTracker {
    /** Ranges remembered at most. */
    public static final int MAX_TRACKED_RANGES = 256;

    private final int batchSize;
    private final long maxAckDelayNanos;
    /** Disjoint ranges {smallest, largest}, descending. */
    private final List<long[]> ranges = new ArrayList<>();
    private long largestReceived = -1;
    private long largestReceivedTime;
    private int ackElicitingSinceAck;
    private long firstUnackedTime;
    private boolean immediate;

    public AckTracker(int batchSize, long maxAckDelayNanos) {
        if (batchSize < 1 || maxAckDelayNanos < 0) {
            throw new IllegalArgumentException("batchSize must be ≥ 1 and maxAckDelay ≥ 0");
        }
        this.batchSize = batchSize;
        this.maxAckDelayNanos = maxAckDelayNanos;
    }

    /** Records an authenticated, non-duplicate packet. */
    public void onPacketReceived(long pn, boolean ackEliciting, long now) {
        boolean inOrder = pn == largestReceived + 1;
        insert(pn);
        if (pn > largestReceived) {
            largestReceived = pn;
            largestReceivedTime = now;
        }
        if (ackEliciting) {
            if (ackElicitingSinceAck == 0) {
                firstUnackedTime = now;
            }
            ackElicitingSinceAck++;
            if (!inOrder) {
                immediate = true;
            }
        }
    }

    private void insert(long pn) {
        int n = ranges.size();
        int i = 0;
        while (i < n && ranges.get(i)[0] > pn) {
            i++; // ranges[i] is the first whose smallest is ≤ pn; ranges[i-1] lies entirely above pn
        }
        if (i < n && pn <= ranges.get(i)[1]) {
            return; // already recorded
        }
        boolean joinsBelow = i < n && ranges.get(i)[1] == pn - 1;
        boolean joinsAbove = i > 0 && ranges.get(i - 1)[0] == pn + 1;
        if (joinsBelow && joinsAbove) {
            ranges.get(i - 1)[0] = ranges.get(i)[0];
            ranges.remove(i);
        } else if (joinsBelow) {
            ranges.get(i)[1] = pn;
        } else if (joinsAbove) {
            ranges.get(i - 1)[0] = pn;
        } else {
            ranges.add(i, new long[] {pn, pn});
            if (ranges.size() > MAX_TRACKED_RANGES) {
                ranges.remove(ranges.size() - 1);
            }
        }
    }

    /** Whether received ack-eliciting packets still need acknowledging (an ACK may be piggybacked). */
    public boolean hasUnacknowledged() {
        return ackElicitingSinceAck > 0;
    }

    /** Whether an ACK must be sent now. */
    public boolean ackDue(long now) {
        return ackElicitingSinceAck > 0
                && (immediate || ackElicitingSinceAck >= batchSize || now - firstUnackedTime >= maxAckDelayNanos);
    }

    /** When an ACK becomes due, or {@link Long#MAX_VALUE}. */
    public long ackDeadlineNanos() {
        if (ackElicitingSinceAck == 0) {
            return Long.MAX_VALUE;
        }
        return immediate || ackElicitingSinceAck >= batchSize ? firstUnackedTime : firstUnackedTime + maxAckDelayNanos;
    }

    /** The ACK to send now: up to {@code maxRanges} of the highest ranges; the delay is since the largest arrived. */
    public AckRanges buildAck(long now, int maxRanges) {
        if (ranges.isEmpty()) {
            throw new IllegalStateException("nothing to acknowledge");
        }
        List<AckRange> out = new ArrayList<>(Math.min(maxRanges, ranges.size()));
        for (int i = 0; i < ranges.size() && i < maxRanges; i++) {
            out.add(new AckRange(ranges.get(i)[0], ranges.get(i)[1]));
        }
        return AckRanges.of(Math.max(0, now - largestReceivedTime), out);
    }

    /** An ACK went out in packet {@code packetNumber}: nothing is due until more packets arrive. */
    public void onAckSent(long packetNumber) {
        ackElicitingSinceAck = 0;
        immediate = false;
    }

    /**
     * The peer acknowledged a packet carrying our ACK whose largest acknowledged number was {@code largest}: ranges at
     * or below it need not be reported again.
     */
    public void onAckOfAckReceived(long largest) {
        while (!ranges.isEmpty() && ranges.get(ranges.size() - 1)[1] <= largest && ranges.size() > 1) {
            ranges.remove(ranges.size() - 1);
        }
        if (!ranges.isEmpty()) {
            long[] last = ranges.get(ranges.size() - 1);
            if (last[0] <= largest && last[1] > largest) {
                last[0] = largest + 1;
            }
        }
    }

    public long largestReceived() {
        return largestReceived;
    }

    /** Ranges currently tracked (tests, bounds). */
    public int rangeCount() {
        return ranges.size();
    }
}
