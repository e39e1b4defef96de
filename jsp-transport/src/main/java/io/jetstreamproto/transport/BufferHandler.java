package io.jetstreamproto.transport;

import io.netty.buffer.ByteBuf;

/**
 * Receives messages without a copy, as Netty buffers: see {@link Connection#onMessageBuffer}. Runs on the
 * connection's event loop and must not block.
 */
@FunctionalInterface
public interface BufferHandler {
    /**
     * One message of stream {@code streamId}. The handler owns {@code data} and must release it exactly once
     * ({@code data.release()}), now or later, on any thread.
     */
    void onMessage(long streamId, ByteBuf data);
}
