package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.core.internal.StreamLimitException;
import io.jetstreamproto.core.internal.flow.ReceiveWindow;
import io.jetstreamproto.core.internal.flow.SendCredit;
import io.jetstreamproto.core.internal.params.TransportParameters;
import io.jetstreamproto.core.internal.stream.LongMap;
import io.jetstreamproto.core.internal.stream.ReceiveStream;
import io.jetstreamproto.core.internal.stream.ReceivedMessage;
import io.jetstreamproto.core.internal.stream.SendStream;
import io.jetstreamproto.core.internal.stream.StreamIds;
import io.jetstreamproto.core.internal.stream.StreamLimits;
import io.jetstreamproto.core.internal.stream.StreamScheduler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * The streams of one connection: both halves of every stream, stream-id allocation and limits, the scheduler, the
 * connection-level flow control, delivery readiness and the send-buffer total that drives backpressure.
 *
 * <p>No work per event grows with the number of streams: streams are found by id without boxing
 * ({@link LongMap}); the streams that may have control frames due, that have a message to read, or that may be
 * finished sit in queues of their own, each entry at most once (a flag on the entry), filled by {@link #refresh};
 * only streams whose delivery mode has timers are visited for timers. Queues and collections are created on first
 * use, so an idle connection without streams holds almost nothing here. Not thread-safe: owned by the engine.
 */
final class StreamTable {
    /** Both halves of one bidirectional stream. */
    static final class Entry {
        final SendStream send;
        final ReceiveStream receive;
        /** LZ4 policy for what we send on this stream, or null when compression is off for it. */
        io.jetstreamproto.core.internal.compress.AdaptiveCompression compression;
        /** In {@link #signalQueue}: may have control frames due. */
        boolean signalQueued;
        /** In {@link #readyQueue}: has a message for the application. */
        boolean readyQueued;
        /** In {@link #finishQueue}: both halves looked finished at the last refresh. */
        boolean finishQueued;
        /** Removed from the table: queued references to it are skipped. */
        boolean removed;

        Entry(SendStream send, ReceiveStream receive) {
            this.send = send;
            this.receive = receive;
        }

        long id() {
            return send.streamId();
        }

        /** Whether a send or receive timer (partial-reliability expiry, best-effort reassembly) can exist. */
        boolean hasTimers() {
            return send.mode() == DeliveryMode.PARTIALLY_RELIABLE || send.mode() == DeliveryMode.BEST_EFFORT;
        }
    }

    private static final Entry[] NO_ENTRIES = new Entry[0];

    private final boolean isServer;
    private final ConnectionConfig config;
    private final ByteBufAllocator alloc;
    private final LongMap<Entry> streams = new LongMap<>();
    private final StreamScheduler scheduler = new StreamScheduler();
    /** Created on first use, like every queue below. */
    private ArrayDeque<Entry> readyQueue;
    private ArrayDeque<Entry> signalQueue;
    private ArrayDeque<Entry> finishQueue;
    /** Streams of modes with timers (PARTIALLY_RELIABLE, BEST_EFFORT): the only ones {@link #nextTimeoutNanos} visits. */
    private ArrayList<Entry> timed;
    private ArrayDeque<Long> newPeerStreams;
    private ArrayDeque<long[]> resets;
    private final ReceiveWindow receiveWindow;
    private SendCredit sendCredit;
    private StreamLimits peerLimits;
    private final StreamLimits localLimits;
    private long nextLocalIndex;
    private long peerMaxStreams;
    private long localMaxStreams;
    private long peerStreamsClosed;
    private boolean maxStreamsUpdateDue;
    private long totalBuffered;
    private long messagesSent;
    private long messagesReceived;

    StreamTable(boolean isServer, ConnectionConfig config, ByteBufAllocator alloc) {
        this.isServer = isServer;
        this.config = config;
        this.alloc = alloc;
        this.receiveWindow = new ReceiveWindow(config.connectionReceiveWindow());
        this.localLimits = new StreamLimits(config.maxMessageSize(), config.streamReceiveWindow());
        this.localMaxStreams = config.maxStreams();
    }

    /** Our transport parameters' stream-related values. */
    StreamLimits localLimits() {
        return localLimits;
    }

    /** Called once the peer's transport parameters are known (handshake complete). */
    void applyPeerParameters(TransportParameters peer) {
        this.sendCredit = new SendCredit(peer.initialMaxData());
        this.peerLimits = new StreamLimits(Math.min(peer.maxMessageSize(), config.maxMessageSize()),
                peer.initialMaxStreamData());
        this.peerMaxStreams = peer.initialMaxStreams();
    }

    boolean ready() {
        return sendCredit != null;
    }

    /**
     * Opens a stream of ours.
     *
     * @throws StreamLimitException when the peer's stream limit is reached (more may be allowed later)
     */
    long open(DeliveryMode mode, Priority priority, long ttlNanos) {
        if (nextLocalIndex >= peerMaxStreams) {
            throw new StreamLimitException(peerMaxStreams);
        }
        long id = StreamIds.streamId(nextLocalIndex++, mode, isServer);
        create(id, priority, ttlNanos);
        return id;
    }

    private Entry create(long id, Priority priority, long ttlNanos) {
        Entry e = new Entry(new SendStream(id, priority, ttlNanos, peerLimits, sendCredit),
                new ReceiveStream(id, localLimits, config.bestEffortReassemblyTimeout().toNanos(), receiveWindow,
                        alloc));
        if (config.compression()) {
            e.compression = new io.jetstreamproto.core.internal.compress.AdaptiveCompression(config.compressionThreshold());
        }
        streams.put(id, e);
        if (e.hasTimers()) {
            if (timed == null) {
                timed = new ArrayList<>(2);
            }
            timed.add(e);
        }
        return e;
    }

    /** Whether {@code id} would be opened by the peer. */
    boolean isPeerStream(long id) {
        return StreamIds.isServerInitiated(id) != isServer;
    }

    /**
     * The stream a received frame refers to, creating a peer stream on first sight (StreamLimitError beyond our
     * limit; a StreamStateError for a local stream we never opened). Returns null for a stream that is already
     * finished and forgotten (late retransmissions are ignored).
     */
    Entry forIncoming(long id) {
        Entry e = streams.get(id);
        if (e != null) {
            return e;
        }
        long index = StreamIds.index(id);
        if (!isPeerStream(id)) {
            if (index >= nextLocalIndex) {
                throw new ProtocolViolationException(ProtocolError.STREAM_STATE_ERROR,
                        "frame for stream " + id + " that this endpoint never opened");
            }
            return null; // ours, finished and removed
        }
        if (index >= localMaxStreams) {
            throw new ProtocolViolationException(ProtocolError.STREAM_LIMIT_ERROR,
                    "peer opened stream index " + index + " beyond the limit " + localMaxStreams);
        }
        if (index > Integer.MAX_VALUE - 1) {
            throw new ProtocolViolationException(ProtocolError.STREAM_LIMIT_ERROR, "stream index too large");
        }
        if (openedPeerIndexes.get((int) index)) {
            return null; // finished and removed
        }
        openedPeerIndexes.set((int) index); // one bit per stream the peer ever opened
        if (newPeerStreams == null) {
            newPeerStreams = new ArrayDeque<>(4);
        }
        newPeerStreams.add(id);
        return create(id, Priority.CHAT, config.partialReliabilityTtl().toNanos());
    }

    private final java.util.BitSet openedPeerIndexes = new java.util.BitSet(0);

    Entry get(long id) {
        return streams.get(id);
    }

    /** A snapshot of every stream (for the rare events that concern all of them, such as MAX_DATA). */
    Entry[] all() {
        return streams.valuesSnapshot(NO_ENTRIES);
    }

    int size() {
        return streams.size();
    }

    /** Peer-opened streams not yet announced to the application. */
    Long pollNewPeerStream() {
        return newPeerStreams == null ? null : newPeerStreams.poll();
    }

    /** Queues a message; returns false (nothing taken) when the send buffer cannot hold it now. */
    boolean send(long id, ByteBuf message, boolean compressed, long nowNanos) {
        Entry e = streams.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no open stream " + id);
        }
        int length = message.readableBytes();
        if (totalBuffered > 0 && totalBuffered + length > config.sendBufferSize()) {
            return false;
        }
        long before = e.send.bufferedBytes();
        e.send.send(message, compressed, nowNanos);
        adjust(e, before);
        messagesSent++;
        return true;
    }

    /** Whether a message of {@code length} bytes would be accepted now. */
    boolean canAccept(int length) {
        return totalBuffered == 0 || totalBuffered + length <= config.sendBufferSize();
    }

    long totalBuffered() {
        return totalBuffered;
    }

    /** Re-reads the stream's buffered bytes and its scheduling state after any operation on its send half. */
    void adjust(Entry e, long bufferedBefore) {
        totalBuffered += e.send.bufferedBytes() - bufferedBefore;
        refresh(e);
    }

    void refresh(Entry e) {
        if (e.removed) {
            return;
        }
        long id = e.id();
        scheduler.setActive(id, e.send.priority(), e.send.hasPendingData());
        if (!e.signalQueued) { // send signals or a receive-window update may be due; the builder checks
            e.signalQueued = true;
            signalQueue().add(e);
        }
        if (e.receive.hasMessage() && !e.readyQueued) {
            e.readyQueued = true;
            if (readyQueue == null) {
                readyQueue = new ArrayDeque<>(4);
            }
            readyQueue.add(e);
        }
        long resetCode = e.receive.pollReset();
        if (resetCode >= 0) {
            if (resets == null) {
                resets = new ArrayDeque<>(2);
            }
            resets.add(new long[] {id, resetCode});
        }
        maybeFinished(e);
    }

    private ArrayDeque<Entry> signalQueue() {
        if (signalQueue == null) {
            signalQueue = new ArrayDeque<>(4);
        }
        return signalQueue;
    }

    /** Queues {@code e} for {@link #collectFinished} when both halves are done. */
    private void maybeFinished(Entry e) {
        if (!e.finishQueued && !e.readyQueued && e.send.isFinished() && e.receive.isFinished()) {
            e.finishQueued = true;
            if (finishQueue == null) {
                finishQueue = new ArrayDeque<>(4);
            }
            finishQueue.add(e);
        }
    }

    /**
     * Whether some touched stream really has a control frame due (non-destructive; forgets streams that have
     * none), so that a packet is only built for real work. Each refresh queues a stream at most once, and each
     * queued stream is looked at once here: constant work per event, whatever the number of streams.
     */
    boolean hasSignalsDue() {
        if (signalQueue == null) {
            return false;
        }
        for (Entry e = signalQueue.peek(); e != null; e = signalQueue.peek()) {
            if (!e.removed && (e.send.hasPendingSignals() || e.receive.hasPendingSignals())) {
                return true;
            }
            signalQueue.poll();
            e.signalQueued = false;
        }
        return false;
    }

    /**
     * The next stream that may have control frames due, or null; it stays queued until {@link #signalsWritten}.
     * Streams removed from the table are dropped here.
     */
    Entry peekSignals() {
        if (signalQueue == null) {
            return null;
        }
        for (Entry e = signalQueue.peek(); e != null; e = signalQueue.peek()) {
            if (!e.removed) {
                return e;
            }
            signalQueue.poll();
            e.signalQueued = false;
        }
        return null;
    }

    /** Everything {@link #peekSignals} returned has been written: it leaves the queue (activity queues it again). */
    void signalsWritten(Entry e) {
        if (signalQueue != null && signalQueue.peek() == e) {
            signalQueue.poll();
            e.signalQueued = false;
        }
    }

    StreamScheduler scheduler() {
        return scheduler;
    }

    ReceiveWindow receiveWindow() {
        return receiveWindow;
    }

    SendCredit sendCredit() {
        return sendCredit;
    }

    /** The next message for the application (caller owns its data), or null. */
    ReceivedMessage pollMessage() {
        if (readyQueue == null) {
            return null;
        }
        for (Entry e = readyQueue.peek(); e != null; e = readyQueue.peek()) {
            ReceivedMessage m = e.removed ? null : e.receive.pollMessage();
            if (m != null) {
                if (!e.signalQueued) { // consumption may allow a MAX_STREAM_DATA update
                    e.signalQueued = true;
                    signalQueue().add(e);
                }
                if (!e.receive.hasMessage()) {
                    readyQueue.poll();
                    e.readyQueued = false;
                    maybeFinished(e);
                }
                messagesReceived++;
                return m;
            }
            readyQueue.poll();
            e.readyQueued = false;
            maybeFinished(e);
        }
        return null;
    }

    /** A reset stream to report: {streamId, errorCode}, or null. */
    long[] pollReset() {
        return resets == null ? null : resets.poll();
    }

    /**
     * Removes streams whose two halves are finished; grants the peer new streams for its finished ones. Only the
     * streams that {@link #refresh} or {@link #pollMessage} saw finished are looked at.
     */
    void collectFinished() {
        if (finishQueue == null) {
            return;
        }
        for (Entry e = finishQueue.poll(); e != null; e = finishQueue.poll()) {
            e.finishQueued = false;
            if (e.removed || e.readyQueued || !e.send.isFinished() || !e.receive.isFinished()) {
                continue; // a message still waits (pollMessage queues it again), or it is already gone
            }
            long id = e.id();
            totalBuffered -= e.send.bufferedBytes();
            e.send.release();
            e.receive.release();
            e.removed = true;
            streams.remove(id);
            scheduler.remove(id);
            if (timed != null) {
                timed.remove(e);
            }
            if (isPeerStream(id)) {
                peerStreamsClosed++;
                maxStreamsUpdateDue = true;
            }
        }
    }

    /** The MAX_STREAMS value to send when streams were freed, else -1. */
    long pollMaxStreams() {
        if (!maxStreamsUpdateDue) {
            return -1;
        }
        maxStreamsUpdateDue = false;
        localMaxStreams = config.maxStreams() + peerStreamsClosed;
        return localMaxStreams;
    }

    /** The current MAX_STREAMS value (for retransmission). */
    long currentMaxStreams() {
        return localMaxStreams;
    }

    void onMaxStreams(long max) {
        peerMaxStreams = Math.max(peerMaxStreams, max);
    }

    /** Whether opening a stream would fail now. */
    boolean streamLimitReached() {
        return nextLocalIndex >= peerMaxStreams;
    }

    long messagesSent() {
        return messagesSent;
    }

    long messagesReceived() {
        return messagesReceived;
    }

    /** Earliest stream timer (PR expiry, BE reassembly), or Long.MAX_VALUE. Visits only streams with timers. */
    long nextTimeoutNanos() {
        if (timed == null) {
            return Long.MAX_VALUE;
        }
        long t = Long.MAX_VALUE;
        for (int i = 0; i < timed.size(); i++) {
            Entry e = timed.get(i);
            t = Math.min(t, Math.min(e.send.nextExpiryNanos(), e.receive.nextTimeoutNanos()));
        }
        return t;
    }

    void onTimeout(long nowNanos) {
        if (timed == null) {
            return;
        }
        for (Entry e : timed.toArray(NO_ENTRIES)) { // refresh may queue, never removes from timed
            if (e.send.nextExpiryNanos() <= nowNanos) {
                long before = e.send.bufferedBytes();
                e.send.expire(nowNanos);
                adjust(e, before);
            }
            if (e.receive.nextTimeoutNanos() <= nowNanos) {
                e.receive.onTimeout(nowNanos);
                refresh(e);
            }
        }
    }

    /** Releases every buffer (connection closed). */
    void releaseAll() {
        streams.forEachValue(e -> {
            e.send.release();
            e.receive.release();
            e.removed = true;
        });
        streams.clear();
        totalBuffered = 0;
        readyQueue = null;
        signalQueue = null;
        finishQueue = null;
        timed = null;
    }
}
