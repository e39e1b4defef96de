package io.jetstreamproto.core.internal.flow;

/** Default flow-control windows: the transport-parameter defaults of docs/PROTOCOL.md §8.9. */
public final class FlowControlDefaults {
    /** initial_max_data: the connection window, 32 MiB. */
    public static final long INITIAL_MAX_DATA = 33_554_432L;
    /** initial_max_stream_data: the per-stream window, 16 MiB. */
    public static final long INITIAL_MAX_STREAM_DATA = 16_777_216L;
    /** The largest value a varint can carry (2^62 − 1), and so the largest limit that can be advertised. */
    public static final long MAX_LIMIT = (1L << 62) - 1;

    private FlowControlDefaults() {
    }
}
