package io.jetstreamproto.core.internal.stream;

import io.netty.buffer.ByteBuf;

/**
 * Sender-side state of one message of a {@link SendStream}: its bytes (until acknowledged or abandoned), the
 * first-transmission cursor, and which byte ranges are acknowledged or due for retransmission.
 */
final class OutboundMessage {
    enum State {
        /** Queued, no credit reserved yet. */
        QUEUED,
        /** Started: credit reserved, first transmission under way or done, not yet fully acknowledged. */
        SENDING,
        /** Every byte acknowledged. */
        ACKED,
        /** Given up on (time-to-live passed, best-effort loss, or abandoned before being sent). */
        ABANDONED
    }

    final long id;
    final long offset;
    final int length;
    final boolean compressed;
    final long enqueuedNanos;
    State state = State.QUEUED;
    /** When the first fragment was first sent; meaningful once the state is past QUEUED. */
    long firstSentNanos;

    /** The message bytes from {@link #dataStart}, owned by this object; null once released. */
    private ByteBuf data;
    private final int dataStart;
    /** First-transmission cursor: bytes below it have been sent at least once. */
    private int sentBytes;
    /** Whether the first transmission is complete (needed separately for an empty message). */
    private boolean firstTransmissionDone;
    private ByteRanges acked;
    private ByteRanges toRetransmit;
    /** For an empty message, which has no byte ranges: acknowledged / due for retransmission. */
    private boolean emptyAcked;
    private boolean emptyRetransmit;

    /** Takes ownership of {@code data}; an empty message's buffer is released at once. */
    OutboundMessage(long id, long offset, ByteBuf data, boolean compressed, long enqueuedNanos) {
        this.id = id;
        this.offset = offset;
        this.length = data.readableBytes();
        this.compressed = compressed;
        this.enqueuedNanos = enqueuedNanos;
        this.dataStart = data.readerIndex();
        if (length == 0) {
            data.release();
            this.data = null;
        } else {
            this.data = data;
        }
    }

    long end() {
        return offset + length;
    }

    /**
     * PARTIALLY_RELIABLE: when the message expires — {@code timeToLiveNanos} after its first transmission, or
     * after it was queued if it has not been sent yet.
     */
    long deadline(long timeToLiveNanos) {
        long from = state == State.QUEUED ? enqueuedNanos : firstSentNanos;
        return from > Long.MAX_VALUE - timeToLiveNanos ? Long.MAX_VALUE : from + timeToLiveNanos;
    }

    /** Bytes of message data still held. */
    int heldBytes() {
        return data == null ? 0 : length;
    }

    /** Releases the message bytes if still held; returns how many bytes were released. */
    int releaseData() {
        if (data == null) {
            return 0;
        }
        data.release();
        data = null;
        return length;
    }

    boolean hasUnsentBytes() {
        return state == State.SENDING && !firstTransmissionDone;
    }

    boolean isFirstTransmissionDone() {
        return firstTransmissionDone;
    }

    /** Bytes sent at least once. */
    int sentBytes() {
        return sentBytes;
    }

    boolean hasRetransmission() {
        return emptyRetransmit || (toRetransmit != null && !toRetransmit.isEmpty());
    }

    /** Fills {@code out} with the next first-transmission fragment of at most {@code maxDataBytes} bytes. */
    void nextNewFragment(long streamId, int maxDataBytes, FragmentCursor out) {
        int from = sentBytes;
        int count = Math.min(length - from, maxDataBytes);
        sentBytes += count;
        firstTransmissionDone = sentBytes == length;
        fragment(streamId, from, count, out);
    }

    /** Fills {@code out} with the next retransmission fragment of at most {@code maxDataBytes} bytes. */
    void nextRetransmission(long streamId, int maxDataBytes, FragmentCursor out) {
        if (emptyRetransmit) {
            emptyRetransmit = false;
            fragment(streamId, 0, 0, out);
            return;
        }
        long from = toRetransmit.start(0);
        int count = (int) Math.min(toRetransmit.end(0) - from, maxDataBytes);
        toRetransmit.remove(from, from + count);
        fragment(streamId, (int) from, count, out);
    }

    /** The cursor gets its own reference to the message bytes (see {@link FragmentCursor}). */
    private void fragment(long streamId, int from, int count, FragmentCursor out) {
        out.set(streamId, id, offset, length, from, count == 0 ? null : data.retain(), dataStart + from, count,
                compressed);
    }

    /** Records an acknowledgement; returns whether every byte is now acknowledged. Idempotent. */
    boolean onAcked(long from, int count) {
        if (length == 0) {
            emptyAcked = true;
            emptyRetransmit = false;
            return true;
        }
        if (acked == null) {
            acked = new ByteRanges();
        }
        acked.add(from, from + count);
        if (toRetransmit != null) {
            toRetransmit.remove(from, from + count);
        }
        return acked.coveredBytes() == length;
    }

    /**
     * Queues the unacknowledged part of a lost range for retransmission; returns whether anything is now due.
     * Requeueing a range that is already due is a no-op.
     */
    boolean onLost(long from, int count) {
        if (length == 0) {
            emptyRetransmit = !emptyAcked;
            return emptyRetransmit;
        }
        if (toRetransmit == null) {
            toRetransmit = new ByteRanges();
        }
        if (acked == null) {
            toRetransmit.add(from, from + count);
        } else {
            toRetransmit.addMissing(from, from + count, acked);
        }
        return hasRetransmission();
    }

    /** Whether {@code [from, from + count)} lies within the bytes sent so far (empty message: was it sent). */
    boolean wasSent(long from, int count) {
        return length == 0 ? firstTransmissionDone && from == 0 && count == 0 : from + count <= sentBytes;
    }
}
