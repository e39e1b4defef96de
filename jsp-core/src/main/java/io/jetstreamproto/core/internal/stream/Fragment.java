package io.jetstreamproto.core.internal.stream;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One fragment of one message: the content of a STREAM frame (docs/PROTOCOL.md §8.3). Its fragment_length is
 * {@code data.readableBytes()}.
 *
 * <p><b>Ownership:</b> {@link #data()} is a reference-counted buffer owned by whoever holds the record. A
 * {@link SendStream} hands out a retained slice of the message; the engine encodes it and releases it. A frame
 * decoder creates a record around the decoded bytes and passes it to {@link ReceiveStream#onFragment}, which
 * releases it. Release it exactly once, also when the fragment is discarded.
 *
 * <p>The constructor checks only that the numbers are non-negative (a varint cannot be negative);
 * consistency with the message and the stream is checked by {@link ReceiveStream}, which reports a
 * malformed fragment as a protocol violation.
 *
 * @param streamId       the stream
 * @param messageId      the message's index in the stream, from 0
 * @param messageOffset  the stream offset of the message's first byte
 * @param messageLength  the whole message's length
 * @param fragmentOffset the offset of this fragment inside the message
 * @param data           the fragment's bytes (owned by the holder of the record)
 * @param compressed     whether the message is LZ4-compressed (§8.8)
 */
public record Fragment(long streamId, long messageId, long messageOffset, long messageLength, long fragmentOffset,
        ByteBuf data, boolean compressed) {

    public Fragment {
        Objects.requireNonNull(data, "data");
        if (streamId < 0 || messageId < 0 || messageOffset < 0 || messageLength < 0 || fragmentOffset < 0) {
            throw new IllegalArgumentException("fragment fields must be non-negative: stream " + streamId
                    + ", message " + messageId + ", message offset " + messageOffset + ", message length "
                    + messageLength + ", fragment offset " + fragmentOffset);
        }
    }

    /** The number of data bytes: the frame's fragment_length. */
    public int length() {
        return data.readableBytes();
    }

    /** Whether this fragment ends its message. */
    public boolean isLast() {
        return fragmentOffset + data.readableBytes() == messageLength;
    }
}
