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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The streams of one connection: both halves of every stream, stream-id allocation and limits, the scheduler, the
 * connection-level flow control, delivery readiness and the send-buffer total that drives backpressure.
 * Not thread-safe: owned by the engine.
 */
final class StreamTable {
    /** Both halves of one bidirectional stream. */
    static final class Entry {
        final SendStream send;
        final ReceiveStream receive;
        /** LZ4 policy for what we send on this stream, or null when compression is off for it. */
        io.jetstreamproto.core.internal.compress.AdaptiveCompression compression;

        Entry(SendStream send, ReceiveStream receive) {
            this.send = send;
            this.receive = receive;
        }
    }

    private final boolean isServer;
    private final ConnectionConfig config;
    private final ByteBufAllocator alloc;
    private final Map<Long, Entry> streams = new HashMap<>();
    private final StreamScheduler scheduler = new StreamScheduler();
    private final ArrayDeque<Long> readyToRead = new ArrayDeque<>();
    private final Set<Long> readySet = new HashSet<>();
    private final Set<Long> withSignals = new HashSet<>();
    private final ArrayDeque<Long> newPeerStreams = new ArrayDeque<>();
    private final ArrayDeque<long[]> resets = new ArrayDeque<>();
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
        newPeerStreams.add(id);
        return create(id, Priority.CHAT, config.partialReliabilityTtl().toNanos());
    }

    private final java.util.BitSet openedPeerIndexes = new java.util.BitSet();

    Entry get(long id) {
        return streams.get(id);
    }

    Iterable<Entry> all() {
        return streams.values();
    }

    int size() {
        return streams.size();
    }

    /** Peer-opened streams not yet announced to the application. */
    Long pollNewPeerStream() {
        return newPeerStreams.poll();
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
        long id = e.send.streamId();
        scheduler.setActive(id, e.send.priority(), e.send.hasPendingData());
        withSignals.add(id); // send signals or a receive-window update may be due; the builder checks
        if (e.receive.hasMessage() && readySet.add(id)) {
            readyToRead.add(id);
        }
        long resetCode = e.receive.pollReset();
        if (resetCode >= 0) {
            resets.add(new long[] {id, resetCode});
        }
    }

    /**
     * Whether some touched stream really has a control frame due (non-destructive; forgets streams that have
     * none), so that a packet is only built for real work.
     */
    boolean hasSignalsDue() {
        java.util.Iterator<Long> it = withSignals.iterator();
        while (it.hasNext()) {
            Entry e = streams.get(it.next());
            if (e != null && (e.send.hasPendingSignals() || e.receive.hasPendingSignals())) {
                return true;
            }
            it.remove();
        }
        return false;
    }

    /** Stream ids touched since the builder last looked: they may have control frames to send. */
    Set<Long> streamsWithSignals() {
        return withSignals;
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
        while (!readyToRead.isEmpty()) {
            Long id = readyToRead.peek();
            Entry e = streams.get(id);
            ReceivedMessage m = e == null ? null : e.receive.pollMessage();
            if (m != null) {
                withSignals.add(id); // consumption may allow a MAX_STREAM_DATA update
                if (!e.receive.hasMessage()) {
                    readyToRead.poll();
                    readySet.remove(id);
                }
                messagesReceived++;
                return m;
            }
            readyToRead.poll();
            readySet.remove(id);
        }
        return null;
    }

    /** A reset stream to report: {streamId, errorCode}, or null. */
    long[] pollReset() {
        return resets.poll();
    }

    /** Removes streams whose two halves are finished; grants the peer new streams for its finished ones. */
    void collectFinished() {
        Iterator<Map.Entry<Long, Entry>> it = streams.entrySet().iterator();
        List<Long> removed = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Long, Entry> me = it.next();
            Entry e = me.getValue();
            if (e.send.isFinished() && e.receive.isFinished() && !readySet.contains(me.getKey())) {
                totalBuffered -= e.send.bufferedBytes();
                e.send.release();
                e.receive.release();
                it.remove();
                removed.add(me.getKey());
            }
        }
        for (long id : removed) {
            scheduler.remove(id);
            withSignals.remove(id);
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

    /** Earliest stream timer (PR expiry, BE reassembly), or Long.MAX_VALUE. */
    long nextTimeoutNanos() {
        long t = Long.MAX_VALUE;
        for (Entry e : streams.values()) {
            t = Math.min(t, Math.min(e.send.nextExpiryNanos(), e.receive.nextTimeoutNanos()));
        }
        return t;
    }

    void onTimeout(long nowNanos) {
        for (Entry e : streams.values()) {
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
        for (Entry e : streams.values()) {
            e.send.release();
            e.receive.release();
        }
        streams.clear();
        totalBuffered = 0;
        readyToRead.clear();
        readySet.clear();
    }
}
