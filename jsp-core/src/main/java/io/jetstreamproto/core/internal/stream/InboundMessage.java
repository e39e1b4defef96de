package io.jetstreamproto.core.internal.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Receiver-side state of one message of a {@link ReceiveStream}: its reassembly buffer and which of its bytes
 * have arrived.
 */
final class InboundMessage {
    enum State {
        /** Some bytes missing. */
        RECEIVING,
        /** Complete, waiting for earlier messages (ordered modes). */
        COMPLETE,
        /** Complete and in the stream's ready queue. */
        QUEUED,
        /** Handed to the application or abandoned; no buffer. Kept only until the consumed prefix passes it. */
        DONE
    }

    final long id;
    final long offset;
    final int length;
    final boolean compressed;
    /** BEST_EFFORT: when an incomplete message is dropped. */
    final long reassemblyDeadline;
    State state = State.RECEIVING;

    /** Exactly {@link #length} bytes once allocated; owned by this object until handed out. */
    private ByteBuf buffer;
    /**
     * Which bytes have arrived, as ranges (a few dozen bytes however long the message; a bit per byte cost 8 KB per
     * 64 KiB message); null until a fragment arrives that is not the whole message.
     */
    private ByteRanges received;
    private int receivedBytes;

    InboundMessage(long id, long offset, int length, boolean compressed, long reassemblyDeadline) {
        this.id = id;
        this.offset = offset;
        this.length = length;
        this.compressed = compressed;
        this.reassemblyDeadline = reassemblyDeadline;
    }

    long end() {
        return offset + length;
    }

    /** Bytes of buffer memory held. */
    int heldBytes() {
        return buffer == null ? 0 : length;
    }

    boolean isComplete() {
        return receivedBytes == length;
    }

    /**
     * Copies the bytes of {@code data[index, index + count)} (at {@code fragmentOffset} in the message) that have not
     * arrived yet. Does not take ownership of {@code data}. Returns the number of buffer bytes newly allocated.
     */
    int write(ByteBuf data, int index, int count, int fragmentOffset, ByteBufAllocator allocator) {
        int allocated = 0;
        if (buffer == null && length > 0) {
            // Copy instead of keeping a slice: a slice would pin the whole decrypted packet, letting a peer
            // make us hold far more memory than the flow-control window accounts for.
            buffer = allocator.buffer(length, length);
            allocated = length;
        }
        if (count == 0) {
            return allocated;
        }
        if (receivedBytes == 0 && count == length) {
            buffer.setBytes(0, data, index, count);
            receivedBytes = count;
            return allocated;
        }
        if (received == null) {
            received = new ByteRanges();
        }
        int end = fragmentOffset + count;
        long cursor = fragmentOffset;
        for (int i = received.indexEndingAfter(fragmentOffset); cursor < end; i++) {
            long gapEnd = i < received.rangeCount() ? Math.min(end, received.start(i)) : end;
            if (gapEnd > cursor) { // bytes [cursor, gapEnd) have not arrived yet
                buffer.setBytes((int) cursor, data, index + (int) (cursor - fragmentOffset),
                        (int) (gapEnd - cursor));
            }
            if (i >= received.rangeCount()) {
                break;
            }
            cursor = Math.max(cursor, received.end(i));
        }
        received.add(fragmentOffset, end);
        receivedBytes = (int) received.coveredBytes();
        if (receivedBytes == length) {
            received = null;
        }
        return allocated;
    }

    /** Hands the complete message's bytes to the caller, who owns them. */
    ByteBuf takeData() {
        ByteBuf data = buffer == null ? Unpooled.EMPTY_BUFFER : buffer.writerIndex(length);
        buffer = null;
        return data;
    }

    /** Releases the buffer if held; returns how many bytes were released. */
    int releaseData() {
        received = null;
        if (buffer == null) {
            return 0;
        }
        buffer.release();
        buffer = null;
        return length;
    }
}
