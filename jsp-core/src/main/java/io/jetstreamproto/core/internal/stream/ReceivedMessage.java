package io.jetstreamproto.core.internal.stream;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A complete message delivered by a {@link ReceiveStream}.
 *
 * <p><b>Ownership:</b> the caller of {@link ReceiveStream#pollMessage()} owns {@link #data()} and must
 * release it exactly once (after decompressing, if {@link #compressed()}).
 *
 * @param streamId   the stream
 * @param messageId  the message's index in the stream
 * @param data       the message bytes, exactly message_length of them (owned by the caller)
 * @param compressed whether the bytes are an LZ4 block to decompress (§8.8)
 */
public record ReceivedMessage(long streamId, long messageId, ByteBuf data, boolean compressed) {
    public ReceivedMessage {
        Objects.requireNonNull(data, "data");
    }
}
