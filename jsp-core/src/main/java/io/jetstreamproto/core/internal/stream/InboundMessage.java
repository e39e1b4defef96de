package io.jetstreamproto.core.internal.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.BitSet;

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
    /** Which bytes have arrived; null until a fragment arrives that is not the whole message. */
    private BitSet received;
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
     * Copies the bytes of {@code data} (at {@code fragmentOffset} in the message) that have not arrived yet.
     * Does not take ownership of {@code data}. Returns the number of buffer bytes newly allocated.
     */
    int write(ByteBuf data, int fragmentOffset, ByteBufAllocator allocator) {
        int count = data.readableBytes();
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
            buffer.setBytes(0, data, data.readerIndex(), count);
            receivedBytes = count;
            return allocated;
        }
        if (received == null) {
            received = new BitSet(length);
        }
        int end = fragmentOffset + count;
        for (int from = received.nextClearBit(fragmentOffset); from < end; from = received.nextClearBit(from)) {
            int next = received.nextSetBit(from);
            int to = next < 0 || next > end ? end : next;
            buffer.setBytes(from, data, data.readerIndex() + (from - fragmentOffset), to - from);
            received.set(from, to);
            receivedBytes += to - from;
        }
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
