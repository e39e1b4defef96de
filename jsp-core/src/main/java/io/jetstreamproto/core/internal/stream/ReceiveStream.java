package io.jetstreamproto.core.internal.stream;

import static io.jetstreamproto.core.internal.ProtocolError.FINAL_SIZE_ERROR;
import static io.jetstreamproto.core.internal.ProtocolError.FLOW_CONTROL_ERROR;
import static io.jetstreamproto.core.internal.ProtocolError.FRAME_ENCODING_ERROR;
import static io.jetstreamproto.core.internal.ProtocolError.MESSAGE_TOO_LARGE;
import static io.jetstreamproto.core.internal.ProtocolError.STREAM_STATE_ERROR;

import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.core.internal.flow.FlowControlDefaults;
import io.jetstreamproto.core.internal.flow.ReceiveWindow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * The receiving half of one stream: validates STREAM, STREAM_SKIP, STREAM_CLOSE and RESET_STREAM content,
 * reassembles messages and delivers them per the stream's {@link DeliveryMode} (docs/PROTOCOL.md §8.3–§8.5).
 * Sans-IO: time is a parameter.
 *
 * <h2>Delivery</h2>
 * RELIABLE: in message-id order. RELIABLE_UNORDERED: as soon as complete. PARTIALLY_RELIABLE: in order, past
 * messages abandoned by STREAM_SKIP. BEST_EFFORT: as soon as complete; an incomplete message is dropped after
 * the reassembly timeout ({@link #onTimeout}) or when a skip covers it. Every mode delivers a message at most
 * once: duplicate and overlapping fragments only fill in missing bytes.
 *
 * <h2>Validation</h2>
 * Peer misbehaviour is thrown as {@link ProtocolViolationException} before any state changes, so the engine
 * can close the connection with that error code:
 * <ul>
 *   <li>fragment beyond its message_length: FRAME_ENCODING_ERROR;</li>
 *   <li>message_length above max_message_size: MESSAGE_TOO_LARGE;</li>
 *   <li>a message ending beyond the advertised MAX_STREAM_DATA (a sender only starts messages that fit
 *       entirely), a skip or final offset beyond it, a message id too far ahead
 *       ({@link StreamLimits#messageIdWindow()}), or the connection's MAX_DATA exceeded: FLOW_CONTROL_ERROR;</li>
 *   <li>message_offset, message_length or the COMPRESSED flag disagreeing with an earlier fragment of the same
 *       message, messages that overlap or leave gaps, a skip inconsistent with them, a skip on a reliable
 *       stream: STREAM_STATE_ERROR;</li>
 *   <li>anything at or beyond a STREAM_CLOSE's message_count or final_offset, a close or reset final offset
 *       below what was received, or disagreeing with each other: FINAL_SIZE_ERROR.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * A message's buffer is allocated at its full length when its first fragment arrives; every held message lies
 * between the consumed prefix and the advertised limit, which is at most one window above it, so the bytes
 * held never exceed the window. Per-message state is bounded by {@link StreamLimits#messageIdWindow()}.
 * Complete messages wait for {@link #pollMessage} (their bytes count against the window until then; empty
 * messages cost only their record), so the engine polls after every datagram.
 *
 * <h2>Flow control</h2>
 * The highest offset counts a message's whole extent from its first fragment (the sender reserved credit for
 * all of it), as well as skip, close and reset offsets; increases are charged to the connection's
 * {@link ReceiveWindow}. Bytes count as consumed when the messages holding them have been polled or abandoned
 * and everything before them too; {@link #pollWindowUpdate} then slides MAX_STREAM_DATA forward.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class ReceiveStream {
    private final long streamId;
    private final DeliveryMode mode;
    private final long maxMessageSize;
    private final long window;
    private final long messageIdWindow;
    private final ReceiveWindow connectionWindow;
    private final MessageReassembly reassembly;

    private long highestOffset;
    private long highestMessageId = -1;
    private long maxStreamData;
    private boolean peerBlocked;

    private boolean closeReceived;
    private long finalMessageCount;
    private long finalOffset;
    private boolean resetReceived;
    private long resetErrorCode;
    private long resetFinalOffset;
    private boolean resetPolled;
    private boolean stopSendingRequested;
    private long stopSendingErrorCode;
    private boolean stopSendingPending;
    private boolean released;

    /**
     * @param streamId               the stream id; its delivery mode is taken from it ({@link StreamIds#mode})
     * @param localLimits            this endpoint's max_message_size and initial_max_stream_data (the window)
     * @param reassemblyTimeoutNanos BEST_EFFORT only (must then be positive): how long an incomplete message is
     *                               kept after its first fragment arrived; ignored for other modes
     * @param connectionWindow       the connection's receive window, shared by all its receive streams
     * @param allocator              allocates reassembly buffers
     */
    public ReceiveStream(long streamId, StreamLimits localLimits, long reassemblyTimeoutNanos,
            ReceiveWindow connectionWindow, ByteBufAllocator allocator) {
        this.streamId = streamId;
        this.mode = StreamIds.mode(streamId);
        if (localLimits.initialMaxStreamData() <= 0) {
            throw new IllegalArgumentException("stream window must be positive");
        }
        if (mode == DeliveryMode.BEST_EFFORT ? reassemblyTimeoutNanos <= 0 : reassemblyTimeoutNanos < 0) {
            throw new IllegalArgumentException("reassembly timeout must be " + (mode == DeliveryMode.BEST_EFFORT
                    ? "positive for a best-effort stream" : "non-negative") + ", got " + reassemblyTimeoutNanos);
        }
        this.maxMessageSize = localLimits.maxMessageSize();
        this.window = localLimits.initialMaxStreamData();
        this.maxStreamData = window;
        this.messageIdWindow = localLimits.messageIdWindow();
        this.connectionWindow = Objects.requireNonNull(connectionWindow, "connectionWindow");
        this.reassembly = new MessageReassembly(mode, reassemblyTimeoutNanos,
                Objects.requireNonNull(allocator, "allocator"));
    }

    public long streamId() {
        return streamId;
    }

    public DeliveryMode mode() {
        return mode;
    }

    /**
     * Processes a STREAM frame's content.
     *
     * <p><b>Ownership:</b> takes ownership of {@code fragment.data()} and releases it before returning, also
     * when throwing; the bytes needed are copied.
     *
     * @throws ProtocolViolationException if the fragment violates the protocol (see the class comment); the
     *                                    stream's state is unchanged then
     * @throws IllegalArgumentException   if the fragment belongs to another stream
     */
    public void onFragment(Fragment fragment, long nowNanos) {
        try {
            onFragment(fragment.streamId(), fragment.messageId(), fragment.messageOffset(), fragment.messageLength(),
                    fragment.fragmentOffset(), fragment.data(), fragment.data().readerIndex(), fragment.length(),
                    fragment.compressed(), nowNanos);
        } finally {
            fragment.data().release();
        }
    }

    /**
     * Processes a STREAM frame's content given as fields and a region of a buffer (the decrypted packet): the
     * allocation-free form of {@link #onFragment(Fragment, long)}, with the same checks.
     *
     * <p><b>Ownership:</b> none; {@code data[dataIndex, dataIndex + count)} is read during the call (the bytes needed
     * are copied) and not kept.
     *
     * @throws ProtocolViolationException if the fragment violates the protocol; the stream's state is unchanged then
     * @throws IllegalArgumentException   if the fragment belongs to another stream, or a field is negative
     */
    public void onFragment(long fragmentStreamId, long messageId, long messageOffset, long messageLength,
            long fragmentOffset, ByteBuf data, int dataIndex, int count, boolean compressed, long nowNanos) {
        if (fragmentStreamId != streamId) {
            throw new IllegalArgumentException("fragment of stream " + fragmentStreamId + " passed to stream "
                    + streamId);
        }
        if (messageId < 0 || messageOffset < 0 || messageLength < 0 || fragmentOffset < 0 || count < 0) {
            throw new IllegalArgumentException("fragment fields must be non-negative");
        }
        if (released) {
            return;
        }
        validate(messageId, messageOffset, messageLength, fragmentOffset, count, compressed);
        account(messageOffset + messageLength);
        highestMessageId = Math.max(highestMessageId, messageId);
        if (!discarding()) {
            long consumedBefore = reassembly.consumedOffset();
            reassembly.store(messageId, messageOffset, messageLength, fragmentOffset, data, dataIndex, count,
                    compressed, nowNanos);
            chargeConsumed(consumedBefore);
        }
    }

    /**
     * Processes STREAM_SKIP (§8.4): incomplete messages below {@code messageId} are abandoned and bytes below
     * {@code offset} count as consumed. Older skips are ignored.
     *
     * @throws ProtocolViolationException on a reliable stream, or if the skip contradicts the stream's data,
     *                                    limits or close
     */
    public void onSkip(long messageId, long offset) {
        requireVarints(messageId, offset);
        if (released) {
            return;
        }
        if (mode.isReliable()) {
            throw violation(STREAM_STATE_ERROR, "STREAM_SKIP on a reliable stream");
        }
        String skip = "skip to message " + messageId + " at " + offset;
        if (offset > maxStreamData) {
            throw violation(FLOW_CONTROL_ERROR, skip + " beyond MAX_STREAM_DATA " + maxStreamData);
        }
        if (closeReceived && (messageId > finalMessageCount
                || (messageId == finalMessageCount ? offset != finalOffset : offset > finalOffset))) {
            throw violation(FINAL_SIZE_ERROR, skip + " contradicts close at message " + finalMessageCount
                    + ", offset " + finalOffset);
        }
        if (resetReceived && offset > resetFinalOffset) {
            throw violation(FINAL_SIZE_ERROR, skip + " beyond reset final offset " + resetFinalOffset);
        }
        long latestId = reassembly.skipId();
        long latestOffset = reassembly.skipOffset();
        if (messageId <= latestId) { // an older or repeated skip is ignored, but must agree with the newer one
            if (messageId == latestId ? offset != latestOffset : offset > latestOffset) {
                throw violation(STREAM_STATE_ERROR, skip + " contradicts skip to message " + latestId + " at "
                        + latestOffset);
            }
            return;
        }
        if (!discarding()) {
            if (messageId - reassembly.frontierId() > messageIdWindow) {
                throw violation(FLOW_CONTROL_ERROR, skip + " is more than " + messageIdWindow
                        + " messages ahead of " + reassembly.frontierId());
            }
            String contradiction = reassembly.boundaryContradiction(messageId, offset);
            if (contradiction != null) {
                throw violation(STREAM_STATE_ERROR, skip + " contradicts " + contradiction);
            }
        } else if (offset < latestOffset) {
            throw violation(STREAM_STATE_ERROR, skip + " moves backwards from " + latestOffset);
        }
        account(offset);
        long consumedBefore = reassembly.consumedOffset();
        reassembly.skip(messageId, offset);
        chargeConsumed(consumedBefore);
    }

    /**
     * Processes STREAM_CLOSE: no message with id ≥ {@code messageCount} and no byte at or beyond
     * {@code finalOffset} will follow.
     *
     * @throws ProtocolViolationException if it contradicts data, skips, a reset or an earlier close
     */
    public void onClose(long messageCount, long finalOffset) {
        requireVarints(messageCount, finalOffset);
        if (released) {
            return;
        }
        String close = "close at message " + messageCount + ", offset " + finalOffset;
        if (closeReceived) {
            if (messageCount != finalMessageCount || finalOffset != this.finalOffset) {
                throw violation(FINAL_SIZE_ERROR, close + " contradicts earlier close at message "
                        + finalMessageCount + ", offset " + this.finalOffset);
            }
            return;
        }
        if (finalOffset < highestOffset || messageCount <= highestMessageId) {
            throw violation(FINAL_SIZE_ERROR, close + " but received up to message " + highestMessageId
                    + ", offset " + highestOffset);
        }
        if (resetReceived && finalOffset != resetFinalOffset) {
            throw violation(FINAL_SIZE_ERROR, close + " contradicts reset final offset " + resetFinalOffset);
        }
        if (finalOffset > maxStreamData) {
            throw violation(FLOW_CONTROL_ERROR, close + " beyond MAX_STREAM_DATA " + maxStreamData);
        }
        if (!discarding()) {
            if (messageCount - reassembly.frontierId() > messageIdWindow) {
                throw violation(FLOW_CONTROL_ERROR, close + " is more than " + messageIdWindow
                        + " messages ahead of " + reassembly.frontierId());
            }
            String contradiction = reassembly.boundaryContradiction(messageCount, finalOffset);
            if (contradiction != null) {
                throw violation(FINAL_SIZE_ERROR, close + " contradicts " + contradiction);
            }
        }
        account(finalOffset);
        closeReceived = true;
        finalMessageCount = messageCount;
        this.finalOffset = finalOffset;
    }

    /**
     * Processes RESET_STREAM: drops and releases everything; the reset is reported once by {@link #pollReset}.
     * Bytes up to {@code finalOffset} count as received and consumed.
     *
     * @throws ProtocolViolationException if {@code finalOffset} contradicts data, a close or an earlier reset
     */
    public void onReset(long errorCode, long finalOffset) {
        requireVarints(errorCode, finalOffset);
        if (released) {
            return;
        }
        String reset = "reset final offset " + finalOffset;
        if (resetReceived) {
            if (finalOffset != resetFinalOffset) {
                throw violation(FINAL_SIZE_ERROR, reset + " contradicts earlier " + resetFinalOffset);
            }
            return;
        }
        if (finalOffset < highestOffset) {
            throw violation(FINAL_SIZE_ERROR, reset + " below received offset " + highestOffset);
        }
        if (closeReceived && finalOffset != this.finalOffset) {
            throw violation(FINAL_SIZE_ERROR, reset + " contradicts close final offset " + this.finalOffset);
        }
        if (finalOffset > maxStreamData) {
            throw violation(FLOW_CONTROL_ERROR, reset + " beyond MAX_STREAM_DATA " + maxStreamData);
        }
        account(finalOffset);
        resetReceived = true;
        resetErrorCode = errorCode;
        resetFinalOffset = finalOffset;
        reassembly.dropAll();
        long consumedBefore = reassembly.consumedOffset();
        reassembly.consumeUpTo(finalOffset);
        chargeConsumed(consumedBefore);
    }

    /**
     * The next deliverable message, or null.
     *
     * <p><b>Ownership:</b> the caller owns the returned message's {@link ReceivedMessage#data()} and releases
     * it. Polling is what counts as consumption for flow control: to make flow control reflect the
     * application's pace, poll only when the application can take the message.
     */
    public ReceivedMessage pollMessage() {
        long consumedBefore = reassembly.consumedOffset();
        ReceivedMessage message = reassembly.poll(streamId);
        chargeConsumed(consumedBefore);
        return message;
    }

    /** Whether {@link #pollMessage} would return a message. */
    public boolean hasMessage() {
        return reassembly.hasMessage();
    }

    /** BEST_EFFORT: drops incomplete messages whose reassembly timeout has passed. A no-op for other modes. */
    public void onTimeout(long nowNanos) {
        long consumedBefore = reassembly.consumedOffset();
        reassembly.onTimeout(nowNanos);
        chargeConsumed(consumedBefore);
    }

    /** BEST_EFFORT: when {@link #onTimeout} next has work, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        return reassembly.nextTimeoutNanos();
    }

    /**
     * The new MAX_STREAM_DATA to send, or -1 if none is due: once the consumed prefix has advanced by at least
     * half a window since the last advertisement, or by anything after STREAM_DATA_BLOCKED. None after the
     * stream was closed, reset or stopped.
     */
    public boolean hasPendingSignals() {
        if (stopSendingPending && !resetReceived) {
            return true;
        }
        if (released || resetReceived || stopSendingRequested || closeReceived) {
            return false;
        }
        long candidate = Math.min(FlowControlDefaults.MAX_LIMIT, reassembly.consumedOffset() + window);
        return candidate > maxStreamData && (candidate - maxStreamData >= window / 2 || peerBlocked);
    }

    /** See {@link #hasPendingSignals()}; consumes a due window update. */
    public long pollWindowUpdate() {
        if (released || resetReceived || stopSendingRequested || closeReceived) {
            return -1;
        }
        long candidate = Math.min(FlowControlDefaults.MAX_LIMIT, reassembly.consumedOffset() + window);
        if (candidate <= maxStreamData || (candidate - maxStreamData < window / 2 && !peerBlocked)) {
            return -1;
        }
        maxStreamData = candidate;
        peerBlocked = false;
        return candidate;
    }

    /** The peer sent STREAM_DATA_BLOCKED({@code limit}): extend the limit at the next poll if consumption allows. */
    public void onStreamDataBlocked(long limit) {
        if (limit >= maxStreamData) {
            peerBlocked = true;
        }
    }

    /**
     * The application no longer wants this stream's data: drops and releases everything buffered, discards
     * what arrives later, and makes STOP_SENDING due ({@link #pollStopSending}). The peer answers with
     * RESET_STREAM, which returns the connection credit. A no-op once reset or finished.
     */
    public void stopSending(long errorCode) {
        requireVarints(errorCode, 0);
        if (released || resetReceived || stopSendingRequested || isFinished()) {
            return;
        }
        stopSendingRequested = true;
        stopSendingErrorCode = errorCode;
        stopSendingPending = true;
        reassembly.dropAll();
    }

    /** The error code for a STOP_SENDING frame to send, or -1. */
    public long pollStopSending() {
        if (!stopSendingPending || resetReceived) {
            return -1;
        }
        stopSendingPending = false;
        return stopSendingErrorCode;
    }

    public void onStopSendingLost() {
        if (stopSendingRequested && !resetReceived && !released) {
            stopSendingPending = true;
        }
    }

    /** The peer's reset error code, returned once after RESET_STREAM arrived; otherwise -1. */
    public long pollReset() {
        if (!resetReceived || resetPolled) {
            return -1;
        }
        resetPolled = true;
        return resetErrorCode;
    }

    public boolean isReset() {
        return resetReceived;
    }

    /**
     * Whether nothing more will come out of this stream: it was closed and every message was polled or
     * abandoned, or it was reset and the reset was polled, or it was released.
     */
    public boolean isFinished() {
        return released || (resetReceived && resetPolled)
                || (closeReceived && reassembly.consumedId() >= finalMessageCount);
    }

    /** The highest stream offset received, as charged to the connection window. */
    public long highestOffsetReceived() {
        return highestOffset;
    }

    /** The consumed prefix: every byte below it was delivered and polled, or abandoned. */
    public long consumedOffset() {
        return reassembly.consumedOffset();
    }

    /** The latest MAX_STREAM_DATA advertised (the value to resend when a MAX_STREAM_DATA frame is lost). */
    public long maxStreamData() {
        return maxStreamData;
    }

    /** Bytes of reassembly and delivery buffers held. */
    public long bufferedBytes() {
        return reassembly.bufferedBytes();
    }

    /** Messages the stream keeps state for (incomplete, waiting, ready, or delivered above the prefix). */
    public int trackedMessageCount() {
        return reassembly.trackedMessageCount();
    }

    /** Releases every buffer (the connection is closing); later input is ignored. */
    public void release() {
        released = true;
        reassembly.dropAll();
    }

    /** Built only when a check fails: validation runs for every received fragment. */
    private static String describe(long id, long offset, long length) {
        return "message " + id + " at [" + offset + ", +" + length + ")";
    }

    private void validate(long id, long offset, long length, long fragmentOffset, int count, boolean compressed) {
        if (fragmentOffset > length || count > length - fragmentOffset) {
            throw violation(FRAME_ENCODING_ERROR, "fragment [" + fragmentOffset + ", +" + count + ") beyond the end of "
                    + describe(id, offset, length));
        }
        if (length > maxMessageSize) {
            throw violation(MESSAGE_TOO_LARGE, describe(id, offset, length) + " exceeds max_message_size " + maxMessageSize);
        }
        if (offset > maxStreamData - length) { // also keeps offset + length from overflowing below
            throw violation(FLOW_CONTROL_ERROR, describe(id, offset, length) + " beyond MAX_STREAM_DATA " + maxStreamData);
        }
        long end = offset + length;
        if (closeReceived && (id >= finalMessageCount || end > finalOffset
                || (id == finalMessageCount - 1 && end != finalOffset))) {
            throw violation(FINAL_SIZE_ERROR, describe(id, offset, length) + " contradicts close at message " + finalMessageCount
                    + ", offset " + finalOffset);
        }
        if (resetReceived && end > resetFinalOffset) {
            throw violation(FINAL_SIZE_ERROR, describe(id, offset, length) + " beyond reset final offset " + resetFinalOffset);
        }
        if (discarding()) {
            return;
        }
        if (id - reassembly.frontierId() >= messageIdWindow) {
            throw violation(FLOW_CONTROL_ERROR, describe(id, offset, length) + " is " + messageIdWindow + " or more messages ahead of "
                    + reassembly.frontierId());
        }
        String contradiction = reassembly.contradiction(id, offset, length, compressed);
        if (contradiction != null) {
            throw violation(STREAM_STATE_ERROR, describe(id, offset, length) + (compressed ? " (compressed)" : "") + " contradicts "
                    + contradiction);
        }
    }

    /** Raises the highest received offset to {@code end}, charging the increase to the connection first. */
    private void account(long end) {
        if (end > highestOffset) {
            connectionWindow.onDataReceived(end - highestOffset);
            highestOffset = end;
        }
    }

    /** Returns the bytes consumed since {@code consumedBefore} to the connection window. */
    private void chargeConsumed(long consumedBefore) {
        long consumed = reassembly.consumedOffset() - consumedBefore;
        if (consumed > 0) {
            connectionWindow.onConsumed(consumed);
        }
    }

    private boolean discarding() {
        return resetReceived || stopSendingRequested;
    }

    private static void requireVarints(long first, long second) {
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("frame fields must be non-negative: " + first + ", " + second);
        }
    }

    private ProtocolViolationException violation(ProtocolError error, String what) {
        return new ProtocolViolationException(error, "stream " + streamId + ": " + what);
    }
}
