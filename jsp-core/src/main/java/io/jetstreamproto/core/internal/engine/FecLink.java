package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.frame.Frames;
import io.jetstreamproto.core.internal.params.TransportParameters;
import io.jetstreamproto.core.internal.recovery.LossDetector;
import io.jetstreamproto.fec.internal.AdaptiveParityController;
import io.jetstreamproto.fec.internal.FecDecoder;
import io.jetstreamproto.fec.internal.FecEncoder;
import io.jetstreamproto.fec.internal.RecoveredPacket;
import io.jetstreamproto.fec.internal.RepairPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * Forward error correction on one connection (docs/PROTOCOL.md §8.10, docs/fec-wire.md): our encoder over the
 * sealed packets we send and the REPAIR frames it yields, the decoder that rebuilds the peer's lost packets from its
 * REPAIR frames, and the LOSS_REPORT exchange that drives adaptive parity. Exists only when both sides enabled FEC.
 */
final class FecLink {
    /** Sealed data packets must leave room for the REPAIR frame that carries their parity in one datagram. */
    static final int REPAIR_OVERHEAD = 1 + Frames.Repair.HEADER + 2;
    /** A LOSS_REPORT goes out after this many more packets were expected since the last one. */
    static final int REPORT_EVERY_PACKETS = 32;

    private final FecEncoder encoder;
    private final FecDecoder decoder;
    private final AdaptiveParityController adaptive;
    private final ArrayDeque<RepairPacket> repairsDue = new ArrayDeque<>();
    /** Holds the sealed bytes of the packet being opened (decryption is in place); reused for every packet. */
    private final ByteBuf sealedScratch;

    // receiver side: what the peer's loss looks like from here
    private long largestReceivedPn = -1;
    private long receivedNative;
    private long expectedAtLastReport;
    // sender side: the peer's last report
    private long reportedExpected;
    private long reportedMissing;

    long repairPacketsSent;
    long repairBytesSent;
    long repairPacketsLost;
    /** Test hook: sees (and may damage) every repair payload before it is sealed, as a faulty peer would. */
    java.util.function.Consumer<ByteBuf> repairTamperer;
    long packetsRecovered;

    private FecLink(ConnectionConfig config, ByteBufAllocator alloc) {
        int k = config.fecDataShards();
        int m = config.fecParityShards();
        this.adaptive = config.fecAdaptive() ? new AdaptiveParityController(k, m) : null;
        this.encoder = new FecEncoder(k, adaptive == null ? m : adaptive.parityShards(),
                config.fecMaxGroupDelay().toNanos(), alloc);
        this.decoder = new FecDecoder(FecDecoder.Config.defaults(), alloc);
        this.sealedScratch = alloc.heapBuffer(config.maxDatagramSize());
    }

    /** FEC for a connection with these settings and this peer, or null unless both enabled it. */
    static FecLink negotiate(ConnectionConfig config, TransportParameters peer, ByteBufAllocator alloc) {
        if (!config.fecEnabled() || (peer.features() & TransportParameters.FEATURE_FEC) == 0) {
            return null;
        }
        return new FecLink(config, alloc);
    }

    // ------------------------------------------------------------------ sending

    /** A sealed packet (not a repair packet) was sent. */
    void onPacketSent(long pn, ByteBuf sealed, long now, LossDetector loss) {
        boolean joins = encoder.parityShards() > 0 || encoder.nextTimeoutNanos() != Long.MAX_VALUE;
        encoder.onPacketSent(pn, sealed, now);
        if (joins) {
            loss.holdForRepair(pn);
        }
        collectRepairs();
    }

    private void collectRepairs() {
        for (RepairPacket r = encoder.pollRepair(); r != null; r = encoder.pollRepair()) {
            repairsDue.add(r);
        }
    }

    /** The next repair to send, or null; the caller owns it. */
    RepairPacket pollRepair() {
        RepairPacket r = repairsDue.poll();
        if (r != null && repairTamperer != null) {
            repairTamperer.accept(r.parity());
        }
        return r;
    }

    boolean hasRepairDue() {
        return !repairsDue.isEmpty();
    }

    /** A repair packet went out as packet {@code pn}; after a group's last one, its packets may be judged lost. */
    void onRepairSent(RepairPacket r, long pn, int size, long now, LossDetector loss) {
        repairPacketsSent++;
        repairBytesSent += size;
        var h = r.header();
        if (h.parityIndex() == h.parityCount() - 1) {
            loss.releaseForRepair(h.firstPn(), h.firstPn() + h.dataCount() - 1, pn, now);
        }
    }

    int parityShards() {
        return encoder.parityShards();
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Copies a received packet before it is decrypted in place. The returned buffer stays owned by this link and is
     * valid until the next call.
     */
    ByteBuf keepSealed(ByteBuf datagram, int start, int length) {
        return sealedScratch.clear().writeBytes(datagram, start, length);
    }

    /** An authenticated packet arrived as itself (not rebuilt); {@code sealed} holds its bytes before opening. */
    void onPacketAuthenticated(long pn, ByteBuf sealed, long now) {
        decoder.onPacketReceived(pn, sealed, now);
        receivedNative++;
        largestReceivedPn = Math.max(largestReceivedPn, pn);
    }

    /** A REPAIR frame's payload (the caller keeps ownership). */
    void onRepair(ByteBuf payload, long now) {
        decoder.onRepairPacket(payload, now);
    }

    /** The next packet the decoder rebuilt, or null; the caller owns it and must release it. */
    RecoveredPacket pollRecovered() {
        return decoder.pollRecovered();
    }

    boolean lossReportDue() {
        return largestReceivedPn + 1 - expectedAtLastReport >= REPORT_EVERY_PACKETS;
    }

    Frames.LossReport lossReport() {
        long expected = largestReceivedPn + 1;
        expectedAtLastReport = expected;
        return new Frames.LossReport(expected, Math.min(receivedNative, expected));
    }

    /** The peer's report on our packets: feeds adaptive parity with the raw loss of the path. */
    void onLossReport(long expected, long received) {
        long missing = expected - received;
        if (expected <= reportedExpected) {
            return; // reordered or repeated report
        }
        long deltaExpected = expected - reportedExpected;
        long deltaMissing = Math.max(0, Math.min(deltaExpected, missing - reportedMissing));
        reportedExpected = expected;
        reportedMissing = missing;
        if (adaptive != null) {
            adaptive.onLossSample(deltaExpected, deltaMissing);
            encoder.setParityShards(adaptive.parityShards());
        }
    }

    // ------------------------------------------------------------------ timers and teardown

    long nextTimeoutNanos() {
        return Math.min(encoder.nextTimeoutNanos(), decoder.nextTimeoutNanos());
    }

    void onTimeout(long now) {
        encoder.onTimeout(now);
        collectRepairs();
        decoder.onTimeout(now);
    }

    void release() {
        for (RepairPacket r = repairsDue.poll(); r != null; r = repairsDue.poll()) {
            r.release();
        }
        encoder.close();
        decoder.close();
        sealedScratch.release();
    }
}
