package io.jetstreamproto.core.internal.recovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Loss detection for the 1-RTT packet-number space, as RFC 9002 §6: packet threshold 3, time threshold 9/8 of the
 * RTT (at least 1 ms), probe timeouts with exponential backoff, and persistent congestion (§7.6). State is bounded
 * by the packets in flight, which the congestion window bounds. Not thread-safe.
 *
 * <p>Both thresholds adapt to reordering, as RFC 9002 §6.1.1 and §6.1.2 allow (and Linux RACK does): when a packet
 * declared lost is acknowledged after all, the loss was spurious, and the threshold that declared it grows (packet
 * threshold to the reordering distance seen plus one, at most {@value #MAX_PACKET_THRESHOLD}; time threshold by 1/4
 * RTT, at most 2 RTT). Without this a path that reorders by more than three packets halves the congestion window
 * for nothing.
 */
public final class LossDetector {
    /** RFC 9002 kPacketThreshold: the initial packet threshold. */
    public static final int PACKET_THRESHOLD = 3;
    /** Largest packet threshold that reordering can raise it to. */
    public static final int MAX_PACKET_THRESHOLD = 32;
    private static final int MAX_PTO_BACKOFF = 16;
    /**
     * The exponential backoff stops at this interval between probes (unless one PTO is longer). After a stall —
     * a peer's long GC pause, a few seconds of blackout — probes keep coming every 2 s, so the path is found again
     * well within the heartbeat timeout (3 × 5 s); uncapped, a few lost probes in a row pushed the next one past it.
     */
    static final long MAX_PROBE_INTERVAL_NANOS = 2_000_000_000L;
    private static final int RECENTLY_LOST_CAPACITY = 256;

    private int packetThreshold = PACKET_THRESHOLD;
    /** Time threshold in eighths of an RTT: 9/8 initially (RFC 9002 kTimeThreshold), at most 16/8. */
    private int timeThresholdEighths = 9;
    /** Packets recently declared lost: number -> largest acknowledged when declared (to tell how, if spurious). */
    private final NavigableMap<Long, Long> recentlyLost = new TreeMap<>();
    private long spuriousLosses;

    /**
     * Forward error correction: a packet in a FEC group is not declared lost by the thresholds until its group's
     * repair packets had their chance, i.e. thresholds count from the group's last repair packet. Packets from
     * {@code openHoldFrom} to {@code largestHeld} are in the group still open (no repair sent yet); closed groups
     * map first packet number to [last packet number, last repair packet number, time the last repair was sent].
     */
    private long openHoldFrom = Long.MAX_VALUE;
    private long largestHeld = -1;
    private final NavigableMap<Long, long[]> repairHolds = new TreeMap<>();

    private final NavigableMap<Long, SentPacket> sent = new TreeMap<>();
    /** Gets each ACK-only packet this detector forgets without an ACK (its frames may go back to a pool). */
    private final java.util.function.Consumer<SentPacket> forgotten;

    public LossDetector() {
        this(p -> { });
    }

    public LossDetector(java.util.function.Consumer<SentPacket> forgotten) {
        this.forgotten = forgotten;
    }
    private long largestSent = -1;
    private long largestAcked = -1;
    private long lossTime = Long.MAX_VALUE;
    private long timeOfLastAckEliciting;
    private int ptoCount;
    private int ackElicitingInFlight;
    private long bytesInFlight;
    private long firstRttSampleTime = Long.MAX_VALUE;

    /** What an ACK changed. */
    public record AckResult(List<SentPacket> ackedPackets, List<SentPacket> lostPackets, boolean rttSampled,
            boolean persistentCongestion) {
        static final AckResult NOTHING = new AckResult(List.of(), List.of(), false, false);
    }

    /** What a loss-detection timeout asks for. */
    public record TimeoutResult(List<SentPacket> lostPackets, boolean probe) {}

    /** Records a sent packet (numbers strictly increase). */
    public void onPacketSent(SentPacket p) {
        if (p.packetNumber() <= largestSent) {
            throw new IllegalArgumentException("packet numbers must increase");
        }
        largestSent = p.packetNumber();
        if (!p.ackEliciting() && !p.inFlight()) {
            pruneAckOnly();
        }
        sent.put(p.packetNumber(), p);
        if (p.inFlight()) {
            bytesInFlight += p.sizeBytes();
        }
        if (p.ackEliciting()) {
            ackElicitingInFlight++;
            timeOfLastAckEliciting = p.timeSentNanos();
        }
    }

    /**
     * Forgets the oldest packets that are neither ack-eliciting nor in flight (ACK-only packets). They matter only
     * as "the peer got this ACK", and a peer acknowledges them only when it acknowledges something else: the side
     * of an idle connection that sends nothing but ACKs (a server whose client beats) would otherwise keep one per
     * heartbeat forever, and a peer that never acknowledges them could grow this map without bound.
     */
    private void pruneAckOnly() {
        for (Map.Entry<Long, SentPacket> first = sent.firstEntry(); first != null; first = sent.firstEntry()) {
            SentPacket old = first.getValue();
            if (old.ackEliciting() || old.inFlight()) {
                return;
            }
            sent.pollFirstEntry();
            forgotten.accept(old);
        }
    }

    /**
     * Processes an ACK: newly acknowledged packets (in packet-number order), packets now declared lost, whether an
     * RTT sample was taken, and whether the losses amount to persistent congestion.
     *
     * @throws AckException if the ACK covers a packet number never sent
     */
    public AckResult onAckReceived(AckRanges ack, long now, RttEstimator rtt, long maxAckDelayNanos,
            boolean handshakeConfirmed) {
        if (ack.largest() > largestSent) {
            throw new AckException("ACK of packet " + ack.largest() + ", largest sent " + largestSent);
        }
        List<SentPacket> acked = new ArrayList<>();
        for (AckRange r : ack.ranges()) {
            NavigableMap<Long, SentPacket> hit = sent.subMap(r.smallest(), true, r.largest(), true);
            if (!hit.isEmpty()) {
                acked.addAll(hit.values());
                hit.clear();
            }
            if (!recentlyLost.isEmpty()) {
                NavigableMap<Long, Long> spurious = recentlyLost.subMap(r.smallest(), true, r.largest(), true);
                for (Map.Entry<Long, Long> e : spurious.entrySet()) {
                    onSpuriousLoss(e.getKey(), e.getValue());
                }
                spurious.clear();
            }
        }
        if (acked.isEmpty()) {
            return AckResult.NOTHING;
        }
        Collections.sort(acked, (a, b) -> Long.compare(a.packetNumber(), b.packetNumber()));
        largestAcked = Math.max(largestAcked, ack.largest());
        boolean sampled = false;
        SentPacket newest = acked.get(acked.size() - 1);
        boolean anyAckEliciting = false;
        for (SentPacket p : acked) {
            remove(p);
            anyAckEliciting |= p.ackEliciting();
        }
        if (newest.packetNumber() == ack.largest() && anyAckEliciting) {
            rtt.update(now - newest.timeSentNanos(), ack.ackDelayNanos(), maxAckDelayNanos, handshakeConfirmed);
            sampled = true;
            if (firstRttSampleTime == Long.MAX_VALUE) {
                firstRttSampleTime = now;
            }
        }
        ptoCount = 0;
        List<SentPacket> lost = detectLost(now, rtt);
        boolean persistent = !lost.isEmpty() && persistentCongestion(lost, rtt, maxAckDelayNanos);
        return new AckResult(acked, lost, sampled, persistent);
    }

    private void remove(SentPacket p) {
        if (p.inFlight()) {
            bytesInFlight -= p.sizeBytes();
        }
        if (p.ackEliciting()) {
            ackElicitingInFlight--;
        }
    }

    /** Packet {@code pn} (just sent) joined the open FEC group. */
    public void holdForRepair(long pn) {
        if (openHoldFrom == Long.MAX_VALUE) {
            openHoldFrom = pn;
        }
        largestHeld = pn;
    }

    /**
     * The FEC group {@code firstPn..lastPn} is closed and its last repair packet, {@code lastRepairPn}, was sent at
     * {@code repairSentNanos}: from now on its packets are judged as if sent with that repair packet.
     */
    public void releaseForRepair(long firstPn, long lastPn, long lastRepairPn, long repairSentNanos) {
        repairHolds.put(firstPn, new long[] {lastPn, lastRepairPn, repairSentNanos});
        if (lastPn >= largestHeld) {
            openHoldFrom = Long.MAX_VALUE;
        } else if (lastPn >= openHoldFrom) {
            openHoldFrom = lastPn + 1;
        }
    }

    private void forgetOldHolds() {
        while (!repairHolds.isEmpty()
                && (sent.isEmpty() || repairHolds.firstEntry().getValue()[0] < sent.firstKey())) {
            repairHolds.pollFirstEntry();
        }
    }

    private void onSpuriousLoss(long packetNumber, long largestAckedWhenLost) {
        spuriousLosses++;
        long distance = largestAckedWhenLost - packetNumber;
        if (distance >= packetThreshold) {
            packetThreshold = (int) Math.min(MAX_PACKET_THRESHOLD, distance + 1);
        } else {
            timeThresholdEighths = Math.min(16, timeThresholdEighths + 2); // declared by the time threshold
        }
    }

    private long lossDelay(RttEstimator rtt) {
        long base = Math.max(rtt.smoothedRtt(), rtt.latestRtt());
        return Math.max(base * timeThresholdEighths / 8, RttEstimator.GRANULARITY);
    }

    private List<SentPacket> detectLost(long now, RttEstimator rtt) {
        lossTime = Long.MAX_VALUE;
        if (largestAcked < 0) {
            return List.of();
        }
        long delay = lossDelay(rtt);
        long lostSendTime = now - delay;
        List<SentPacket> lost = null;
        forgetOldHolds();
        Iterator<Map.Entry<Long, SentPacket>> it = sent.headMap(largestAcked, false).entrySet().iterator();
        while (it.hasNext()) {
            SentPacket p = it.next().getValue();
            long pn = p.packetNumber();
            long timeSent = p.timeSentNanos();
            if (pn >= openHoldFrom && pn <= largestHeld) {
                continue; // its group's repair packets are not out yet
            }
            if (!repairHolds.isEmpty()) {
                Map.Entry<Long, long[]> hold = repairHolds.floorEntry(pn);
                if (hold != null && pn <= hold.getValue()[0]) {
                    pn = hold.getValue()[1];
                    timeSent = Math.max(timeSent, hold.getValue()[2]);
                }
            }
            if (pn >= largestAcked) {
                continue; // judged with its group's last repair packet, which nothing acknowledged has passed
            }
            if (pn <= largestAcked - packetThreshold || timeSent - lostSendTime <= 0) {
                if (lost == null) {
                    lost = new ArrayList<>();
                }
                lost.add(p);
                it.remove();
                remove(p);
                // judged from pn: a late ACK then measures reordering from there
                rememberLost(p.packetNumber(), largestAcked - (pn - p.packetNumber()));
            } else {
                lossTime = Math.min(lossTime, timeSent + delay);
            }
        }
        return lost == null ? List.of() : lost;
    }

    /**
     * RFC 9002 §7.6: ack-eliciting packets lost over a period longer than the persistent-congestion duration, with
     * no packet in between acknowledged (packet numbers are consecutive, so a run of consecutive lost numbers has
     * none acknowledged), all sent after the first RTT sample.
     */
    private boolean persistentCongestion(List<SentPacket> lost, RttEstimator rtt, long maxAckDelayNanos) {
        if (firstRttSampleTime == Long.MAX_VALUE) {
            return false;
        }
        long duration = (rtt.smoothedRtt() + Math.max(4 * rtt.rttVariance(), RttEstimator.GRANULARITY)
                + maxAckDelayNanos) * 3;
        SentPacket runStart = null;
        long previousPn = -2;
        for (SentPacket p : lost) {
            if (p.packetNumber() != previousPn + 1) {
                runStart = null;
            }
            previousPn = p.packetNumber();
            if (!p.ackEliciting() || p.timeSentNanos() < firstRttSampleTime) {
                continue;
            }
            if (runStart == null) {
                runStart = p;
            } else if (p.timeSentNanos() - runStart.timeSentNanos() >= duration) {
                return true;
            }
        }
        return false;
    }

    /** When {@link #onLossDetectionTimeout} must run, or {@link Long#MAX_VALUE}. */
    public long lossDetectionTimerNanos(RttEstimator rtt, long maxAckDelayNanos) {
        if (lossTime != Long.MAX_VALUE) {
            return lossTime;
        }
        if (ackElicitingInFlight == 0) {
            return Long.MAX_VALUE;
        }
        long base = rtt.pto(maxAckDelayNanos);
        long backedOff = base * (1L << Math.min(ptoCount, MAX_PTO_BACKOFF));
        return timeOfLastAckEliciting + Math.min(backedOff, Math.max(base, MAX_PROBE_INTERVAL_NANOS));
    }

    /** The timer fired: time-threshold losses, or else a probe timeout (the engine sends one or two probes). */
    public TimeoutResult onLossDetectionTimeout(long now, RttEstimator rtt, long maxAckDelayNanos) {
        if (lossTime != Long.MAX_VALUE && lossTime <= now) {
            return new TimeoutResult(detectLost(now, rtt), false);
        }
        if (ackElicitingInFlight > 0 && lossDetectionTimerNanos(rtt, maxAckDelayNanos) <= now) {
            ptoCount++;
            return new TimeoutResult(List.of(), true);
        }
        return new TimeoutResult(List.of(), false);
    }

    private void rememberLost(long packetNumber, long largestAckedEquivalent) {
        recentlyLost.put(packetNumber, largestAckedEquivalent);
        if (recentlyLost.size() > RECENTLY_LOST_CAPACITY) {
            recentlyLost.pollFirstEntry();
        }
    }

    /** Current packet threshold (3, raised by observed reordering). */
    public int packetThreshold() {
        return packetThreshold;
    }

    /** Current time threshold as a multiple of the RTT. */
    public double timeThreshold() {
        return timeThresholdEighths / 8.0;
    }

    /** Packets declared lost that were acknowledged later. */
    public long spuriousLosses() {
        return spuriousLosses;
    }

    public long bytesInFlight() {
        return bytesInFlight;
    }

    public int packetsTracked() {
        return sent.size();
    }

    public int ptoCount() {
        return ptoCount;
    }

    public long largestAcked() {
        return largestAcked;
    }

    /** Forgets everything (connection closed). */
    public void discardAll() {
        sent.clear();
        recentlyLost.clear();
        repairHolds.clear();
        openHoldFrom = Long.MAX_VALUE;
        bytesInFlight = 0;
        ackElicitingInFlight = 0;
        lossTime = Long.MAX_VALUE;
    }
}
