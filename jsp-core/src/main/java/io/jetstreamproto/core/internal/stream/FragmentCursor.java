package io.jetstreamproto.core.internal.stream;

import io.netty.buffer.ByteBuf;

/**
 * The next fragment a {@link SendStream} wants sent, as fields and a region of the message buffer rather than a new
 * {@link Fragment} with a slice: one cursor per packet builder, refilled for every fragment, so that sending
 * allocates nothing per fragment.
 *
 * <p><b>Ownership:</b> after {@link SendStream#nextFragment(int, long, FragmentCursor)} returned true, the cursor
 * holds one reference to {@link #source()} (null for an empty fragment); the caller copies the bytes and calls
 * {@link #release()}, also when encoding fails. The reference keeps the bytes valid even if the stream lets go of the
 * message meanwhile (a best-effort message is released once sent).
 */
public final class FragmentCursor {
    long streamId;
    long messageId;
    long messageOffset;
    long messageLength;
    long fragmentOffset;
    int length;
    boolean compressed;
    private ByteBuf source;
    private int sourceIndex;

    void set(long streamId, long messageId, long messageOffset, long messageLength, long fragmentOffset,
            ByteBuf retainedSource, int sourceIndex, int length, boolean compressed) {
        release();
        this.streamId = streamId;
        this.messageId = messageId;
        this.messageOffset = messageOffset;
        this.messageLength = messageLength;
        this.fragmentOffset = fragmentOffset;
        this.source = retainedSource;
        this.sourceIndex = sourceIndex;
        this.length = length;
        this.compressed = compressed;
    }

    public long streamId() {
        return streamId;
    }

    public long messageId() {
        return messageId;
    }

    public long messageOffset() {
        return messageOffset;
    }

    public long messageLength() {
        return messageLength;
    }

    public long fragmentOffset() {
        return fragmentOffset;
    }

    /** Data bytes of the fragment: its fragment_length. */
    public int length() {
        return length;
    }

    public boolean compressed() {
        return compressed;
    }

    /** The message buffer holding the bytes at {@link #sourceIndex()}, or null for an empty fragment. */
    public ByteBuf source() {
        return source;
    }

    public int sourceIndex() {
        return sourceIndex;
    }

    /** Gives back the reference to the source buffer; idempotent. */
    public void release() {
        if (source != null) {
            ByteBuf s = source;
            source = null;
            s.release();
        }
    }

    /** The fragment as a {@link Fragment} with its own retained slice (tests and rare paths); then releases. */
    Fragment toFragment() {
        ByteBuf data = source == null ? io.netty.buffer.Unpooled.EMPTY_BUFFER
                : source.retainedSlice(sourceIndex, length);
        Fragment f = new Fragment(streamId, messageId, messageOffset, messageLength, fragmentOffset, data, compressed);
        release();
        return f;
    }
}
