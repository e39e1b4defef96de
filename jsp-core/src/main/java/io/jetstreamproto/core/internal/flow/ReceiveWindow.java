package io.jetstreamproto.core.internal.flow;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;

/**
 * The connection-level receive window: the MAX_DATA limit this endpoint advertises (docs/PROTOCOL.md §8.5).
 *
 * <p>Receive streams report every increase of their highest received offset with {@link #onDataReceived};
 * the sum may not exceed the advertised limit. They report bytes that the application consumed (or that
 * were skipped or reset) with {@link #onConsumed}, and the limit slides forward to {@code consumed + window}
 * once consumption has advanced by at least half a window since the last advertisement — or sooner when the
 * peer reports that it is blocked ({@link #onDataBlocked}), because a sender only starts a message that
 * fits entirely and could otherwise wait forever for the last half window.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class ReceiveWindow {
    private final long window;
    private long maxData;
    private long received;
    private long consumed;
    private boolean peerBlocked;

    /**
     * @param window the window size, also the initial limit advertised as initial_max_data
     *               ({@link FlowControlDefaults#INITIAL_MAX_DATA} by default)
     */
    public ReceiveWindow(long window) {
        if (window <= 0 || window > FlowControlDefaults.MAX_LIMIT) {
            throw new IllegalArgumentException("window must be in 1.." + FlowControlDefaults.MAX_LIMIT + ", got "
                    + window);
        }
        this.window = window;
        this.maxData = window;
    }

    /** The window size. */
    public long window() {
        return window;
    }

    /** The latest MAX_DATA limit advertised (the value to resend when a MAX_DATA frame is lost). */
    public long maxData() {
        return maxData;
    }

    /** The sum of the highest offsets received over all streams. */
    public long received() {
        return received;
    }

    /** Bytes consumed, skipped or reset over all streams. */
    public long consumed() {
        return consumed;
    }

    /**
     * Accounts for a stream's highest received offset growing by {@code delta}.
     *
     * @throws ProtocolViolationException with {@link ProtocolError#FLOW_CONTROL_ERROR} if the sum of highest
     *                                    offsets would exceed the advertised limit; nothing is recorded then
     */
    public void onDataReceived(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("delta must be non-negative, got " + delta);
        }
        if (delta > maxData - received) {
            throw new ProtocolViolationException(ProtocolError.FLOW_CONTROL_ERROR, "connection data "
                    + (received + delta) + " exceeds MAX_DATA " + maxData);
        }
        received += delta;
    }

    /**
     * Accounts for {@code bytes} of received data that the application consumed or that were skipped or
     * reset.
     *
     * @throws IllegalStateException if more would be consumed than was received (a bookkeeping bug)
     */
    public void onConsumed(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be non-negative, got " + bytes);
        }
        if (bytes > received - consumed) {
            throw new IllegalStateException("consuming " + bytes + " bytes but only " + (received - consumed)
                    + " are unconsumed");
        }
        consumed += bytes;
    }

    /** The peer sent DATA_BLOCKED({@code limit}): extend the limit at the next poll if consumption allows. */
    public void onDataBlocked(long limit) {
        if (limit >= maxData) {
            peerBlocked = true;
        }
    }

    /**
     * The new MAX_DATA value to send, or -1 if no update is due. An update is due when consumption has
     * advanced by at least half a window since the last one, or by anything at all after the peer reported
     * that it is blocked. The returned value becomes {@link #maxData()}.
     */
    public boolean updateDue() {
        long candidate = Math.min(FlowControlDefaults.MAX_LIMIT, consumed + window);
        return candidate > maxData && (candidate - maxData >= window / 2 || peerBlocked);
    }

    /** See {@link #updateDue()}; consumes the update. */
    public long pollWindowUpdate() {
        long candidate = Math.min(FlowControlDefaults.MAX_LIMIT, consumed + window);
        if (candidate <= maxData) {
            return -1;
        }
        if (candidate - maxData < window / 2 && !peerBlocked) {
            return -1;
        }
        maxData = candidate;
        peerBlocked = false;
        return candidate;
    }
}
