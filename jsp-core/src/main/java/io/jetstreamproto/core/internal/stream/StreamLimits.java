package io.jetstreamproto.core.internal.stream;

import io.jetstreamproto.core.internal.flow.FlowControlDefaults;

/**
 * The per-stream limits a receiver announces in its transport parameters (docs/PROTOCOL.md §8.9): the
 * largest message it accepts and its initial per-stream flow-control window. A {@link ReceiveStream} is built
 * with this endpoint's own values, a {@link SendStream} with the peer's.
 *
 * @param maxMessageSize       max_message_size: the largest message_length accepted, at most
 *                             {@link Integer#MAX_VALUE} (a message is held in one buffer)
 * @param initialMaxStreamData initial_max_stream_data: the initial per-stream limit, which is also the
 *                             receiver's window size
 */
public record StreamLimits(long maxMessageSize, long initialMaxStreamData) {
    /** Default max_message_size: 16 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 16_777_216L;
    /** The defaults of §8.9: 16 MiB messages, 16 MiB per-stream window. */
    public static final StreamLimits DEFAULT =
            new StreamLimits(DEFAULT_MAX_MESSAGE_SIZE, FlowControlDefaults.INITIAL_MAX_STREAM_DATA);

    /** Smallest {@link #messageIdWindow()}, so that tiny windows still allow some pipelining. */
    static final long MIN_MESSAGE_ID_WINDOW = 64;
    /** Largest {@link #messageIdWindow()}. */
    static final long MAX_MESSAGE_ID_WINDOW = 65_536;
    /** Window bytes per message id of {@link #messageIdWindow()}. */
    static final long WINDOW_BYTES_PER_MESSAGE_ID = 1024;

    public StreamLimits {
        if (maxMessageSize < 0 || maxMessageSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("max message size must be in 0.." + Integer.MAX_VALUE + ", got "
                    + maxMessageSize);
        }
        if (initialMaxStreamData < 0 || initialMaxStreamData > FlowControlDefaults.MAX_LIMIT) {
            throw new IllegalArgumentException("initial max stream data must be in 0.." + FlowControlDefaults.MAX_LIMIT
                    + ", got " + initialMaxStreamData);
        }
    }

    /**
     * The largest message a sender can ever send under these limits: a message is only started when it fits
     * the receiver's window entirely (§8.5), so it is bounded by the window as well as by max_message_size.
     */
    public long largestSendableMessage() {
        return Math.min(maxMessageSize, initialMaxStreamData);
    }

    /**
     * How far ahead of the lowest incomplete message a message id may be: W = clamp(initial_max_stream_data /
     * 1024, 64, 65536). A receiver rejects message_id ≥ (lowest message id it has neither completely received
     * nor abandoned) + W with FLOW_CONTROL_ERROR, and a sender does not start message k until every message
     * below k − W + 1 is acknowledged or covered by an acknowledged STREAM_SKIP. Byte limits alone cannot
     * bound the receiver's per-message state, because messages may be empty.
     */
    public long messageIdWindow() {
        return Math.max(MIN_MESSAGE_ID_WINDOW,
                Math.min(MAX_MESSAGE_ID_WINDOW, initialMaxStreamData / WINDOW_BYTES_PER_MESSAGE_ID));
    }
}
