package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.CloseInfo;
import io.jetstreamproto.core.internal.CloseReason;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.core.internal.frame.AckFrame;
import io.jetstreamproto.core.internal.frame.Frame;
import io.jetstreamproto.core.internal.frame.FrameDecoder;
import io.jetstreamproto.core.internal.frame.FrameSink;
import io.jetstreamproto.core.internal.frame.Frames;
import io.jetstreamproto.core.internal.recovery.AckException;
import io.jetstreamproto.core.internal.recovery.AckRange;
import io.jetstreamproto.core.internal.recovery.AckRanges;
import io.jetstreamproto.core.internal.recovery.LossDetector;
import io.jetstreamproto.core.internal.recovery.SentPacket;
import io.jetstreamproto.core.internal.stream.Fragment;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the frames of an authenticated 1-RTT packet to the engine's state, and acknowledgements and losses of our
 * packets to what they carried. No protocol decisions beyond routing: each frame goes to the component that owns its
 * state.
 */
final class FrameApplier implements FrameSink {
    private final ConnectionEngine e;
    /** The decoder decodes every ACK into this one: receiving allocates no frame per ACK. */
    private final AckFrame ack = AckFrame.reusable();
    private boolean ackEliciting;
    /** The time of the packet being applied (the sink callbacks have no parameter for it). */
    private long now;

    FrameApplier(ConnectionEngine engine) {
        this.e = engine;
    }

    /** Applies every frame of {@code payload}; returns whether the packet was ack-eliciting. */
    boolean applyAll(ByteBuf payload, long now) {
        ackEliciting = false;
        this.now = now;
        FrameDecoder.decodeAll(payload, this, ack);
        return ackEliciting;
    }

    @Override
    public void stream(long streamId, long messageId, long messageOffset, long messageLength, long fragmentOffset,
            ByteBuf packet, int dataIndex, int length, boolean compressed) {
        ackEliciting = true;
        StreamTable.Entry entry = e.streams.forIncoming(streamId);
        if (entry == null) {
            return; // a late retransmission for a finished stream
        }
        entry.receive.onFragment(streamId, messageId, messageOffset, messageLength, fragmentOffset, packet, dataIndex,
                length, compressed, now);
        e.streams.refresh(entry);
    }

    @Override
    public void ack(AckFrame a) {
        onAck(a, now);
    }

    @Override
    public void frame(Frame f) {
        apply(f, now);
    }

    private void apply(Frame f, long now) {
        ackEliciting |= f.ackEliciting();
        if (f instanceof Frames.StreamFrame s) { // not produced by the sink decoder; kept for completeness
            StreamTable.Entry entry;
            try {
                entry = e.streams.forIncoming(s.streamId());
            } catch (RuntimeException ex) {
                s.data().release();
                throw ex;
            }
            if (entry == null) {
                s.data().release(); // a late retransmission for a finished stream
                return;
            }
            entry.receive.onFragment(new Fragment(s.streamId(), s.messageId(), s.messageOffset(), s.messageLength(),
                    s.fragmentOffset(), s.data(), s.compressed()), now);
            e.streams.refresh(entry);
        } else if (f instanceof AckFrame a) {
            onAck(a, now);
        } else if (f instanceof Frames.Repair r) {
            try {
                if (e.fec != null) {
                    e.fec.onRepair(r.payload(), now); // malformed or forged parity is dropped and counted there
                }
            } finally {
                r.payload().release();
            }
        } else if (f instanceof Frames.LossReport l) {
            if (e.fec != null) {
                e.fec.onLossReport(l.expected(), l.received());
            }
        } else if (f instanceof Frames.ResetStream r) {
            StreamTable.Entry entry = e.streams.forIncoming(r.streamId());
            if (entry != null) {
                entry.receive.onReset(r.errorCode(), r.finalOffset());
                e.streams.refresh(entry);
            }
        } else if (f instanceof Frames.StopSending s) {
            StreamTable.Entry entry = e.streams.forIncoming(s.streamId());
            if (entry != null) {
                long before = entry.send.bufferedBytes();
                entry.send.onStopSending(s.errorCode());
                e.streams.adjust(entry, before);
            }
        } else if (f instanceof Frames.MaxData m) {
            e.streams.sendCredit().onMaxData(m.maximum());
            for (StreamTable.Entry entry : e.streams.all()) {
                e.streams.refresh(entry);
            }
        } else if (f instanceof Frames.MaxStreamData m) {
            StreamTable.Entry entry = e.streams.forIncoming(m.streamId());
            if (entry != null) {
                entry.send.onMaxStreamData(m.maximum());
                e.streams.refresh(entry);
            }
        } else if (f instanceof Frames.MaxStreams m) {
            e.streams.onMaxStreams(m.maximum());
        } else if (f instanceof Frames.DataBlocked b) {
            e.streams.receiveWindow().onDataBlocked(b.limit());
            e.maxDataDue |= true;
        } else if (f instanceof Frames.StreamDataBlocked b) {
            StreamTable.Entry entry = e.streams.forIncoming(b.streamId());
            if (entry != null) {
                entry.receive.onStreamDataBlocked(b.limit());
                e.streams.refresh(entry);
            }
        } else if (f instanceof Frames.StreamSkip s) {
            StreamTable.Entry entry = e.streams.forIncoming(s.streamId());
            if (entry != null) {
                entry.receive.onSkip(s.messageId(), s.offset());
                e.streams.refresh(entry);
            }
        } else if (f instanceof Frames.StreamClose c) {
            StreamTable.Entry entry = e.streams.forIncoming(c.streamId());
            if (entry != null) {
                entry.receive.onClose(c.messageCount(), c.finalOffset());
                e.streams.refresh(entry);
            }
        } else if (f instanceof Frames.Heartbeat h) {
            if (e.heartbeatAcksDue.size() < 16) {
                e.heartbeatAcksDue.add(h.sequence());
            }
            if (e.holdsServerHandshakeState()) {
                // The answer carries a PING: the client's ACK of it shows it is confirmed, and the server drops
                // its handshake state (an idle server otherwise sends nothing the client would acknowledge).
                e.pathProbeDue = true;
            }
        } else if (f instanceof Frames.ConnectionClose c) {
            e.onPeerClose(new CloseInfo(CloseReason.fromCode(c.reason()), c.errorCode(), c.phrase(), true), now);
        } else if (f instanceof Frames.Rehandshake r) {
            e.session.handleRehandshakeData(r.generation(), r.offset(), r.data(), now);
        }
        // PADDING, PING, HEARTBEAT_ACK (liveness is any received packet), STREAMS_BLOCKED: nothing to do
    }

    private void onAck(AckFrame a, long now) {
        List<AckRange> ranges = new ArrayList<>(a.rangeCount());
        for (int i = 0; i < a.rangeCount(); i++) {
            ranges.add(new AckRange(a.smallest(i), a.largest(i)));
        }
        AckRanges ack = AckRanges.of(a.ackDelayMicros() * 1000, ranges);
        LossDetector.AckResult r;
        try {
            r = e.loss.onAckReceived(ack, now, e.rtt, e.peerMaxAckDelayNanos, true);
        } catch (AckException ex) {
            throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, ex.getMessage());
        }
        long ackedBytes = 0;
        long largestSent = Long.MIN_VALUE;
        for (SentPacket p : r.ackedPackets()) {
            if (p.inFlight()) {
                ackedBytes += p.sizeBytes();
            }
            largestSent = Math.max(largestSent, p.timeSentNanos());
            e.builder.onAcked(p, now);
        }
        if (ackedBytes > 0) {
            e.cc.onPacketsAcked(now, ackedBytes, largestSent, e.rtt);
        }
        e.builder.onLost(r.lostPackets(), now);
        e.onLargestAcked(a.largestAcknowledged());
        if (r.persistentCongestion()) {
            e.cc.onPersistentCongestion(now);
        }
        e.probesDue = 0;
        e.checkWritable(now);
    }
}
