package io.jetstreamproto.core.internal.stream;

import io.jetstreamproto.core.internal.DeliveryMode;

/**
 * Stream id layout (docs/PROTOCOL.md §8.2): {@code stream_id = (index << 3) | (mode << 1) | initiator}, with
 * initiator 0 for the client and 1 for the server, so the two endpoints can never pick the same id and the
 * delivery mode travels with every frame.
 */
public final class StreamIds {
    /** The largest stream id a varint can carry (2^62 − 1). */
    public static final long MAX_STREAM_ID = (1L << 62) - 1;
    /** The largest per-initiator index that still gives a valid stream id. */
    public static final long MAX_INDEX = MAX_STREAM_ID >>> 3;

    private StreamIds() {
    }

    /**
     * The id of the {@code index}-th stream opened by one endpoint with the given mode.
     *
     * @throws IllegalArgumentException if {@code index} is outside 0..{@link #MAX_INDEX}
     */
    public static long streamId(long index, DeliveryMode mode, boolean serverInitiated) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("stream index must be in 0.." + MAX_INDEX + ", got " + index);
        }
        return (index << 3) | ((long) mode.wireCode() << 1) | (serverInitiated ? 1 : 0);
    }

    /** The delivery mode encoded in {@code streamId}. */
    public static DeliveryMode mode(long streamId) {
        checkId(streamId);
        return DeliveryMode.fromWireCode((int) ((streamId >>> 1) & 0x3));
    }

    /** Whether the server opened {@code streamId}. */
    public static boolean isServerInitiated(long streamId) {
        checkId(streamId);
        return (streamId & 1) == 1;
    }

    /** The per-initiator index of {@code streamId} (compared against the peer's stream limit). */
    public static long index(long streamId) {
        checkId(streamId);
        return streamId >>> 3;
    }

    private static void checkId(long streamId) {
        if (streamId < 0 || streamId > MAX_STREAM_ID) {
            throw new IllegalArgumentException("stream id must be in 0.." + MAX_STREAM_ID + ", got " + streamId);
        }
    }
}
