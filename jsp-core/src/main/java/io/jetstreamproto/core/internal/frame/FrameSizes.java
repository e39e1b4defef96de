package io.jetstreamproto.core.internal.frame;

/** Size bounds the packet builder needs before it knows a frame's exact fields. */
public final class FrameSizes {
    /**
     * Worst-case header bytes of a STREAM frame carrying at most 16383 data bytes: type (1), five varints of at most
     * 8 bytes, and a 2-byte fragment length.
     */
    public static final int MAX_STREAM_FRAME_OVERHEAD = 1 + 5 * 8 + 2;

    private FrameSizes() {}
}
