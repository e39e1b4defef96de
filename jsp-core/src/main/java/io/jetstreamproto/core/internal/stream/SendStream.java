package io.jetstreamproto.core.internal.stream;

import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.MessageTooLargeException;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.StreamResetException;
import io.jetstreamproto.core.internal.flow.SendCredit;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The sending half of one stream: queues messages, cuts them into {@link Fragment}s on demand, and tracks
 * acknowledgement, loss, retransmission and abandonment per the stream's {@link DeliveryMode}
 * (docs/PROTOCOL.md §8.3–§8.5). Sans-IO: time is a parameter, nothing is sent from here.
 *
 * <h2>Driving it (the engine's side)</h2>
 * <ul>
 *   <li>{@link #send} queues a message and assigns its id and stream offset.</li>
 *   <li>{@link #nextFragment} yields retransmissions first (lowest message id first), then the rest of the
 *       message being sent, then the start of the next message. A message is started only when the peer's
 *       stream limit (MAX_STREAM_DATA) and the connection's {@link SendCredit} both cover the <em>whole</em>
 *       message, and the credit for all of it is reserved at that moment, so a started message can always be
 *       completed (§8.5). It may return null even when {@link #hasPendingData()} said true, after passing
 *       over abandoned messages. Every fragment returned must later be reported with exactly one of
 *       {@link #onFragmentAcked} or {@link #onFragmentLost} (a duplicate report is harmless).</li>
 *   <li>On loss, RELIABLE and RELIABLE_UNORDERED requeue the bytes; PARTIALLY_RELIABLE requeues them while
 *       the message's time-to-live (from the first transmission of its first fragment) lasts and abandons the
 *       message afterwards; BEST_EFFORT never retransmits and abandons the message. Abandoning produces a
 *       STREAM_SKIP ({@link #pollSkip}) once every older message is acknowledged or abandoned too, so a skip
 *       never cuts off a message that is still being delivered.</li>
 *   <li>Control frames are polled: {@link #pollSkip}, {@link #pollClose}, {@link #pollReset},
 *       {@link #pollDataBlocked}; each has lost/acked callbacks so that the <em>latest</em> value is resent
 *       when the packet carrying it is lost.</li>
 *   <li>{@link #expire} and {@link #nextExpiryNanos} drive time-to-live for PARTIALLY_RELIABLE.</li>
 * </ul>
 *
 * <h2>Buffers</h2>
 * The stream owns every message buffer passed to {@link #send} and releases it exactly once: when the message
 * is fully acknowledged, abandoned, or the stream is reset. A BEST_EFFORT message is released as soon as it
 * has been sent once, because it is never retransmitted. Fragments are retained slices owned by the caller.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class SendStream {
    private final long streamId;
    private final DeliveryMode mode;
    private final long timeToLiveNanos;
    private final long largestMessage;
    private final long messageIdWindow;
    private final SendCredit connectionCredit;
    private Priority priority;

    /** The peer's MAX_STREAM_DATA. */
    private long streamLimit;
    private long streamBlockedAtLimit = -1;
    private long reportedStreamBlockedLimit = -1;

    private long nextMessageId;
    /** Sum of the lengths of all messages ever queued: the next message's offset. */
    private long enqueuedOffset;
    private long lastEnqueueNanos = Long.MIN_VALUE;
    /** Messages not started yet, in id order. */
    private final ArrayDeque<OutboundMessage> queued = new ArrayDeque<>();
    /** PARTIALLY_RELIABLE messages that expired before being started; they precede {@link #queued}. */
    private final ArrayDeque<OutboundMessage> expiredQueued = new ArrayDeque<>();

    /** Id of the next message to start; credit is reserved for every message below it. */
    private long nextStartId;
    /** Stream offset up to which credit is reserved: the offset of message {@link #nextStartId}. */
    private long committedOffset;
    private long lastFirstSentNanos = Long.MIN_VALUE;
    /** The started message whose first transmission is not complete, or null. */
    private OutboundMessage current;
    /** Started messages neither acknowledged nor abandoned, by id. */
    private final TreeMap<Long, OutboundMessage> unfinished = new TreeMap<>();
    /** The subset of {@link #unfinished} with bytes due for retransmission, by id. */
    private final TreeMap<Long, OutboundMessage> retransmitQueue = new TreeMap<>();

    private final SkipTracker skips;

    private boolean closeRequested;
    private final SignalSlot<CloseSignal> close = new SignalSlot<>();
    private final SignalSlot<ResetSignal> reset = new SignalSlot<>();
    private boolean resetByPeer;
    /** Reset, or released because the connection is gone: nothing more is sent. */
    private boolean stopped;
    private boolean released;

    private long bufferedBytes;
    private long abandonedMessages;
    /** The message the last acknowledgement or loss report referred to (a lookup cache; null or unfinished). */
    private OutboundMessage lastReported;

    /**
     * @param streamId         the stream id; its delivery mode is taken from it ({@link StreamIds#mode})
     * @param priority         scheduling weight (see {@link StreamScheduler})
     * @param timeToLiveNanos  PARTIALLY_RELIABLE only (must then be positive): how long a message is retransmitted,
     *                         measured from the first transmission of its first fragment, or — for a message
     *                         not sent yet — from {@link #send}; ignored for other modes
     * @param peerLimits       the peer's max_message_size and initial_max_stream_data
     * @param connectionCredit the connection's send credit, shared by all its send streams
     */
    public SendStream(long streamId, Priority priority, long timeToLiveNanos, StreamLimits peerLimits,
            SendCredit connectionCredit) {
        this.streamId = streamId;
        this.mode = StreamIds.mode(streamId);
        this.priority = Objects.requireNonNull(priority, "priority");
        if (mode == DeliveryMode.PARTIALLY_RELIABLE ? timeToLiveNanos <= 0 : timeToLiveNanos < 0) {
            throw new IllegalArgumentException("time-to-live must be " + (mode == DeliveryMode.PARTIALLY_RELIABLE
                    ? "positive for a partially reliable stream" : "non-negative") + ", got " + timeToLiveNanos);
        }
        this.timeToLiveNanos = timeToLiveNanos;
        this.largestMessage = peerLimits.largestSendableMessage();
        this.messageIdWindow = peerLimits.messageIdWindow();
        this.streamLimit = peerLimits.initialMaxStreamData();
        this.connectionCredit = Objects.requireNonNull(connectionCredit, "connectionCredit");
        this.skips = new SkipTracker(streamId);
    }

    public long streamId() {
        return streamId;
    }

    public DeliveryMode mode() {
        return mode;
    }

    public Priority priority() {
        return priority;
    }

    public void setPriority(Priority priority) {
        this.priority = Objects.requireNonNull(priority, "priority");
    }

    /**
     * Queues a message and returns its message id.
     *
     * <p><b>Ownership:</b> takes ownership of {@code message}'s readable bytes; the stream releases the buffer
     * exactly once — also when this method throws. The caller must not modify it afterwards.
     *
     * @param compressed whether the bytes are an LZ4 block (§8.8), repeated in every fragment
     * @throws MessageTooLargeException if the message is longer than the peer's max_message_size or
     *                                  per-stream window, so that it could never be sent
     * @throws StreamResetException     if the peer asked this stream to stop sending
     * @throws IllegalStateException    if the stream was closed or reset locally
     */
    public long send(ByteBuf message, boolean compressed, long nowNanos) {
        Objects.requireNonNull(message, "message");
        if (stopped) {
            message.release();
            if (resetByPeer) {
                throw new StreamResetException(streamId, reset.value().errorCode());
            }
            throw new IllegalStateException("stream " + streamId + (released ? " was released" : " was reset"));
        }
        if (closeRequested) {
            message.release();
            throw new IllegalStateException("stream " + streamId + " is closed for sending");
        }
        int length = message.readableBytes();
        if (length > largestMessage) {
            message.release();
            throw new MessageTooLargeException(length, largestMessage);
        }
        lastEnqueueNanos = Math.max(lastEnqueueNanos, nowNanos); // keeps enqueue times, and so expiry, ordered
        OutboundMessage m = new OutboundMessage(nextMessageId++, enqueuedOffset, message, compressed,
                lastEnqueueNanos);
        enqueuedOffset += length;
        bufferedBytes += m.heldBytes();
        queued.addLast(m);
        return m.id;
    }

    /**
     * The next fragment to send, with at most {@code maxDataBytes} data bytes, or null if there is nothing
     * that may be sent now.
     *
     * <p><b>Ownership:</b> the caller owns the returned fragment's {@link Fragment#data()} and releases it.
     */
    public Fragment nextFragment(int maxDataBytes, long nowNanos) {
        FragmentCursor c = new FragmentCursor();
        return nextFragment(maxDataBytes, nowNanos, c) ? c.toFragment() : null;
    }

    /**
     * The allocation-free form of {@link #nextFragment(int, long)}: fills {@code out} and returns true, or returns
     * false (and leaves {@code out} empty) if there is nothing that may be sent now.
     *
     * <p><b>Ownership:</b> on true, {@code out} holds a reference to the message bytes that the caller gives back
     * with {@link FragmentCursor#release()} once it has copied them.
     */
    public boolean nextFragment(int maxDataBytes, long nowNanos, FragmentCursor out) {
        if (maxDataBytes <= 0) {
            throw new IllegalArgumentException("maxDataBytes must be positive, got " + maxDataBytes);
        }
        out.release();
        if (stopped) {
            return false;
        }
        expire(nowNanos);
        if (!retransmitQueue.isEmpty()) {
            OutboundMessage m = retransmitQueue.firstEntry().getValue();
            m.nextRetransmission(streamId, maxDataBytes, out);
            if (!m.hasRetransmission()) {
                retransmitQueue.remove(m.id);
            }
            return true;
        }
        if (current == null) {
            startNextMessage(nowNanos);
        }
        if (current == null) {
            return false;
        }
        OutboundMessage m = current;
        m.nextNewFragment(streamId, maxDataBytes, out);
        if (m.isFirstTransmissionDone()) {
            current = null;
            if (mode == DeliveryMode.BEST_EFFORT) {
                bufferedBytes -= m.releaseData(); // never retransmitted: only the metadata is still needed
            }
        }
        return true;
    }

    /**
     * Whether {@link #nextFragment} has something to send under the current credit: a retransmission, the rest
     * of a started message, or a next message that fits. When the stream or connection limit is what stops
     * the next message, this records it for {@link #pollDataBlocked} / {@link SendCredit#pollDataBlocked}.
     */
    public boolean hasPendingData() {
        if (stopped) {
            return false;
        }
        if (!retransmitQueue.isEmpty() || current != null) {
            return true;
        }
        if (!expiredQueued.isEmpty()) {
            return canStart(expiredQueued.peekFirst());
        }
        return !queued.isEmpty() && canStart(queued.peekFirst());
    }

    /** Whether a control frame is due: one of the poll methods would return a value. */
    public boolean hasPendingSignals() {
        if (stopped) {
            return reset.isPending();
        }
        return close.isPending() || skips.isPending() || skips.isDue(skipTarget())
                || (streamBlockedAtLimit == streamLimit && reportedStreamBlockedLimit != streamLimit);
    }

    /** A fragment was acknowledged. Duplicate and late acknowledgements are ignored. */
    public void onFragmentAcked(long messageId, long fragmentOffset, int length) {
        OutboundMessage m = sentMessage(messageId, fragmentOffset, length);
        if (m == null) {
            return;
        }
        if (m.onAcked(fragmentOffset, length)) {
            unfinished.remove(m.id);
            retransmitQueue.remove(m.id);
            bufferedBytes -= m.releaseData();
            m.state = OutboundMessage.State.ACKED;
            updateSkip();
        } else if (!m.hasRetransmission()) {
            retransmitQueue.remove(m.id);
        }
    }

    /**
     * A fragment was declared lost: requeue it, or abandon its message, per the delivery mode. Reports for
     * messages already acknowledged or abandoned, and for bytes already acknowledged or already due for
     * retransmission, are ignored. (Fragments carry no transmission number, so a late duplicate report for
     * bytes that were already resent queues them once more; the receiver discards the extra copy.)
     */
    public void onFragmentLost(long messageId, long fragmentOffset, int length, long nowNanos) {
        OutboundMessage m = sentMessage(messageId, fragmentOffset, length);
        if (m == null) {
            return;
        }
        switch (mode) {
            case RELIABLE, RELIABLE_UNORDERED -> requeue(m, fragmentOffset, length);
            case PARTIALLY_RELIABLE -> {
                if (deadline(m) > nowNanos) {
                    requeue(m, fragmentOffset, length);
                } else {
                    expire(nowNanos); // abandons m and every older message, whose time-to-live ended no later
                    if (m.state == OutboundMessage.State.SENDING) {
                        abandon(m);
                    }
                }
            }
            case BEST_EFFORT -> abandon(m);
        }
        updateSkip();
    }

    /**
     * PARTIALLY_RELIABLE: abandons every message whose time-to-live has passed, whether in flight or never
     * sent. A no-op for other modes.
     */
    public void expire(long nowNanos) {
        if (mode != DeliveryMode.PARTIALLY_RELIABLE || stopped) {
            return;
        }
        // First transmissions happen in id order, so deadlines of started messages rise with the id.
        while (!unfinished.isEmpty()) {
            OutboundMessage m = unfinished.firstEntry().getValue();
            if (deadline(m) > nowNanos) {
                break;
            }
            abandon(m);
        }
        while (!queued.isEmpty() && deadline(queued.peekFirst()) <= nowNanos) {
            OutboundMessage m = queued.pollFirst();
            bufferedBytes -= m.releaseData();
            m.state = OutboundMessage.State.ABANDONED;
            abandonedMessages++;
            expiredQueued.addLast(m); // still needs credit before a skip may cover its bytes
        }
        passExpiredQueued();
        updateSkip();
        updateClose();
    }

    /** PARTIALLY_RELIABLE: when {@link #expire} next has work, or {@link Long#MAX_VALUE}. */
    public long nextExpiryNanos() {
        if (mode != DeliveryMode.PARTIALLY_RELIABLE || stopped) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        if (!unfinished.isEmpty()) {
            next = deadline(unfinished.firstEntry().getValue());
        }
        if (!queued.isEmpty()) {
            next = Math.min(next, deadline(queued.peekFirst()));
        }
        return next;
    }

    /** The STREAM_SKIP to send, or null. Skips only move forward. */
    public SkipSignal pollSkip() {
        if (stopped) {
            return null;
        }
        passExpiredQueued();
        updateSkip();
        return skips.poll();
    }

    /** The packet carrying {@code skip} was lost: resend the latest skip unless it was acknowledged. */
    public void onSkipLost(SkipSignal skip) {
        if (!stopped) {
            skips.onLost(skip);
        }
    }

    /** The packet carrying {@code skip} was acknowledged. */
    public void onSkipAcked(SkipSignal skip) {
        skips.onAcked(skip);
    }

    /**
     * Ends the sending direction: no more messages may be queued. STREAM_CLOSE becomes due
     * ({@link #pollClose}) once every queued message has been started. Idempotent; a no-op after reset.
     */
    public void close() {
        if (stopped) {
            return;
        }
        closeRequested = true;
        updateClose();
    }

    /** The STREAM_CLOSE to send, or null. */
    public CloseSignal pollClose() {
        updateClose();
        return stopped ? null : close.poll();
    }

    public void onCloseLost() {
        if (!stopped) {
            close.onLost();
        }
    }

    public void onCloseAcked() {
        close.onAcked();
    }

    /**
     * Abandons the sending direction: releases every buffer and makes RESET_STREAM due ({@link #pollReset}),
     * with the offset up to which credit was reserved as its final offset. A no-op if already reset or
     * finished.
     */
    public void reset(long errorCode) {
        if (errorCode < 0 || errorCode > StreamIds.MAX_STREAM_ID) {
            throw new IllegalArgumentException("error code must be a varint value, got " + errorCode);
        }
        if (stopped || isFinished()) {
            return;
        }
        reset.set(new ResetSignal(streamId, errorCode, committedOffset));
        close.cancel();
        releaseAll();
    }

    /**
     * The peer sent STOP_SENDING: reset the stream with the peer's error code (unless it is already reset or
     * finished); later {@link #send} calls throw {@link StreamResetException}.
     */
    public void onStopSending(long errorCode) {
        if (!stopped && !isFinished()) {
            reset(errorCode);
            resetByPeer = true;
        }
    }

    /** The RESET_STREAM to send, or null. */
    public ResetSignal pollReset() {
        return reset.poll();
    }

    public void onResetLost() {
        reset.onLost();
    }

    public void onResetAcked() {
        reset.onAcked();
    }

    /**
     * Releases every buffer because the connection is gone; nothing is sent afterwards and {@link #send}
     * throws {@link IllegalStateException}. Idempotent.
     */
    public void release() {
        if (!released) {
            released = true;
            close.cancel();
            reset.cancel();
            releaseAll();
        }
    }

    /** The peer sent MAX_STREAM_DATA. A smaller value than the current one is ignored. */
    public void onMaxStreamData(long maxStreamData) {
        if (maxStreamData > streamLimit) {
            streamLimit = maxStreamData;
        }
    }

    /**
     * The limit to report in STREAM_DATA_BLOCKED, or -1: due once per limit when the next message does not fit
     * the peer's stream limit. The receiver answers with MAX_STREAM_DATA even before half its window is
     * consumed, which a sender of whole messages needs to make progress.
     */
    public long pollDataBlocked() {
        if (stopped || streamBlockedAtLimit != streamLimit || reportedStreamBlockedLimit == streamLimit) {
            return -1;
        }
        reportedStreamBlockedLimit = streamLimit;
        return streamLimit;
    }

    /** The packet carrying STREAM_DATA_BLOCKED({@code limit}) was lost: report it again if still blocked there. */
    public void onDataBlockedLost(long limit) {
        if (limit == reportedStreamBlockedLimit) {
            reportedStreamBlockedLimit = -1;
        }
    }

    /** The peer's current MAX_STREAM_DATA. */
    public long maxStreamData() {
        return streamLimit;
    }

    /** Bytes of message data held: queued and not yet acknowledged. The engine applies backpressure on it. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Messages given up on so far (time-to-live or best-effort loss). */
    public long abandonedMessageCount() {
        return abandonedMessages;
    }

    /** The number of messages queued so far: the id the next message will get. */
    public long messageCount() {
        return nextMessageId;
    }

    public boolean isReset() {
        return reset.isSet();
    }

    /**
     * Whether every queued message has been acknowledged or abandoned with its STREAM_SKIP acknowledged.
     * False after a reset.
     */
    public boolean isFullyAcked() {
        return !stopped && queued.isEmpty() && expiredQueued.isEmpty() && unfinished.isEmpty()
                && skips.isSettled();
    }

    /**
     * Whether this half of the stream is done: closed and fully acknowledged, or reset and the reset
     * acknowledged, or released.
     */
    public boolean isFinished() {
        if (released) {
            return true;
        }
        return reset.isSet() ? reset.isAcked() : close.isAcked() && isFullyAcked();
    }

    private void startNextMessage(long nowNanos) {
        passExpiredQueued();
        OutboundMessage m = queued.peekFirst();
        if (m != null && expiredQueued.isEmpty() && canStart(m)) {
            queued.pollFirst();
            reserve(m);
            m.state = OutboundMessage.State.SENDING;
            lastFirstSentNanos = Math.max(lastFirstSentNanos, nowNanos);
            m.firstSentNanos = lastFirstSentNanos;
            unfinished.put(m.id, m);
            current = m;
        }
        updateClose();
    }

    /** Reserves credit for abandoned never-sent messages at the head of the queue, so a skip can cover them. */
    private void passExpiredQueued() {
        while (!expiredQueued.isEmpty() && canStart(expiredQueued.peekFirst())) {
            OutboundMessage m = expiredQueued.pollFirst();
            reserve(m);
            skips.onAbandoned(m.id);
        }
    }

    private boolean canStart(OutboundMessage m) {
        if (m.id >= oldestUnfinishedId() + messageIdWindow) {
            return false;
        }
        if (m.end() > streamLimit) {
            streamBlockedAtLimit = streamLimit;
            return false;
        }
        if (!connectionCredit.canCommit(m.length)) {
            connectionCredit.markBlocked();
            return false;
        }
        return true;
    }

    private void reserve(OutboundMessage m) {
        connectionCredit.commit(m.length);
        committedOffset = m.end();
        nextStartId = m.id + 1;
    }

    /**
     * A lower bound of the lowest message id the receiver may not have completely received or abandoned;
     * message ids are started at most {@link StreamLimits#messageIdWindow()} above it.
     */
    private long oldestUnfinishedId() {
        long oldest = unfinished.isEmpty() ? nextStartId : unfinished.firstKey();
        return Math.min(oldest, skips.lowestUnsettledId());
    }

    private void requeue(OutboundMessage m, long fragmentOffset, int length) {
        if (m.onLost(fragmentOffset, length)) {
            retransmitQueue.put(m.id, m);
        }
    }

    private void abandon(OutboundMessage m) {
        unfinished.remove(m.id);
        retransmitQueue.remove(m.id);
        if (current == m) {
            current = null;
        }
        bufferedBytes -= m.releaseData();
        m.state = OutboundMessage.State.ABANDONED;
        abandonedMessages++;
        skips.onAbandoned(m.id);
    }

    /** The lowest message id that is neither acknowledged nor abandoned: how far a skip may reach. */
    private long skipTarget() {
        return unfinished.isEmpty() ? nextStartId : unfinished.firstKey();
    }

    /**
     * Moves the skip forward over abandoned messages, but only up to the oldest message still in progress:
     * STREAM_SKIP abandons every incomplete message below its id at the receiver.
     */
    private void updateSkip() {
        if (!stopped) {
            long target = skipTarget();
            skips.advance(target, unfinished.isEmpty() ? committedOffset : unfinished.get(target).offset);
        }
    }

    private void updateClose() {
        if (closeRequested && !close.isSet() && !stopped && queued.isEmpty() && expiredQueued.isEmpty()) {
            close.set(new CloseSignal(streamId, nextMessageId, enqueuedOffset));
        }
    }

    private long deadline(OutboundMessage m) {
        return m.deadline(timeToLiveNanos);
    }

    /** The unfinished message a report refers to, or null if it is already finished (or the stream reset). */
    private OutboundMessage sentMessage(long messageId, long fragmentOffset, int length) {
        // acknowledgements and losses come fragment by fragment, mostly for the same message: the last one found
        // saves a boxed-key lookup per fragment
        OutboundMessage m = !stopped && lastReported != null && lastReported.id == messageId
                && lastReported.state == OutboundMessage.State.SENDING ? lastReported : unfinished.get(messageId);
        lastReported = m;
        if (messageId < 0 || messageId >= nextStartId || fragmentOffset < 0 || length < 0
                || (m != null && !m.wasSent(fragmentOffset, length))) {
            throw new IllegalArgumentException("stream " + streamId + " never sent message " + messageId
                    + " bytes [" + fragmentOffset + ", +" + length + ")");
        }
        return m;
    }

    private void releaseAll() {
        stopped = true;
        lastReported = null;
        for (OutboundMessage m : queued) {
            bufferedBytes -= m.releaseData();
        }
        for (OutboundMessage m : unfinished.values()) {
            bufferedBytes -= m.releaseData();
        }
        queued.clear();
        expiredQueued.clear();
        unfinished.clear();
        retransmitQueue.clear();
        skips.clear();
        current = null;
    }
}
