package io.jetstreamproto.core.internal.frame;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The frame records of docs/PROTOCOL.md §8.1 (ACK is {@link AckFrame}). Every varint field is 0..2^62-1. */
public final class Frames {
    private Frames() {}

    static long checked(long v, String field) {
        if (v < 0 || v > Varint.MAX_VALUE) {
            throw new IllegalArgumentException(field + " out of varint range: " + v);
        }
        return v;
    }

    /** A run of {@code length} zero bytes. */
    public record Padding(int length) implements Frame {
        public Padding {
            if (length < 1) {
                throw new IllegalArgumentException("padding length must be positive");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.PADDING;
        }

        @Override
        public int encodedLength() {
            return length;
        }

        @Override
        public void encode(ByteBuf out) {
            out.writeZero(length);
        }
    }

    /** PING (docs/PROTOCOL.md §8.1). */
    public record Ping() implements Frame {
        @Override
        public FrameType type() {
            return FrameType.PING;
        }

        @Override
        public int encodedLength() {
            return 1;
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.PING.code());
        }
    }

    /** RESET_STREAM (docs/PROTOCOL.md §8.1). */
    public record ResetStream(long streamId, long errorCode, long finalOffset) implements Frame {
        public ResetStream {
            checked(streamId, "streamId");
            checked(errorCode, "errorCode");
            checked(finalOffset, "finalOffset");
        }

        @Override
        public FrameType type() {
            return FrameType.RESET_STREAM;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(errorCode) + Varint.encodedLength(finalOffset);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.RESET_STREAM.code());
            Varint.write(out, streamId);
            Varint.write(out, errorCode);
            Varint.write(out, finalOffset);
        }
    }

    /** STOP_SENDING (docs/PROTOCOL.md §8.1). */
    public record StopSending(long streamId, long errorCode) implements Frame {
        public StopSending {
            checked(streamId, "streamId");
            checked(errorCode, "errorCode");
        }

        @Override
        public FrameType type() {
            return FrameType.STOP_SENDING;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(errorCode);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.STOP_SENDING.code());
            Varint.write(out, streamId);
            Varint.write(out, errorCode);
        }
    }

    /** MAX_DATA (docs/PROTOCOL.md §8.1). */
    public record MaxData(long maximum) implements Frame {
        public MaxData {
            checked(maximum, "maximum");
        }

        @Override
        public FrameType type() {
            return FrameType.MAX_DATA;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(maximum);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.MAX_DATA.code());
            Varint.write(out, maximum);
        }
    }

    /** MAX_STREAM_DATA (docs/PROTOCOL.md §8.1). */
    public record MaxStreamData(long streamId, long maximum) implements Frame {
        public MaxStreamData {
            checked(streamId, "streamId");
            checked(maximum, "maximum");
        }

        @Override
        public FrameType type() {
            return FrameType.MAX_STREAM_DATA;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(maximum);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.MAX_STREAM_DATA.code());
            Varint.write(out, streamId);
            Varint.write(out, maximum);
        }
    }

    /** MAX_STREAMS (docs/PROTOCOL.md §8.1). */
    public record MaxStreams(long maximum) implements Frame {
        public MaxStreams {
            checked(maximum, "maximum");
        }

        @Override
        public FrameType type() {
            return FrameType.MAX_STREAMS;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(maximum);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.MAX_STREAMS.code());
            Varint.write(out, maximum);
        }
    }

    /** DATA_BLOCKED (docs/PROTOCOL.md §8.1). */
    public record DataBlocked(long limit) implements Frame {
        public DataBlocked {
            checked(limit, "limit");
        }

        @Override
        public FrameType type() {
            return FrameType.DATA_BLOCKED;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(limit);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.DATA_BLOCKED.code());
            Varint.write(out, limit);
        }
    }

    /** STREAM_DATA_BLOCKED (docs/PROTOCOL.md §8.1). */
    public record StreamDataBlocked(long streamId, long limit) implements Frame {
        public StreamDataBlocked {
            checked(streamId, "streamId");
            checked(limit, "limit");
        }

        @Override
        public FrameType type() {
            return FrameType.STREAM_DATA_BLOCKED;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(limit);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.STREAM_DATA_BLOCKED.code());
            Varint.write(out, streamId);
            Varint.write(out, limit);
        }
    }

    /** STREAMS_BLOCKED (docs/PROTOCOL.md §8.1). */
    public record StreamsBlocked(long limit) implements Frame {
        public StreamsBlocked {
            checked(limit, "limit");
        }

        @Override
        public FrameType type() {
            return FrameType.STREAMS_BLOCKED;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(limit);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.STREAMS_BLOCKED.code());
            Varint.write(out, limit);
        }
    }

    /** STREAM_SKIP (docs/PROTOCOL.md §8.1). */
    public record StreamSkip(long streamId, long messageId, long offset) implements Frame {
        public StreamSkip {
            checked(streamId, "streamId");
            checked(messageId, "messageId");
            checked(offset, "offset");
        }

        @Override
        public FrameType type() {
            return FrameType.STREAM_SKIP;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(messageId) + Varint.encodedLength(offset);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.STREAM_SKIP.code());
            Varint.write(out, streamId);
            Varint.write(out, messageId);
            Varint.write(out, offset);
        }
    }

    /** STREAM_CLOSE (docs/PROTOCOL.md §8.1). */
    public record StreamClose(long streamId, long messageCount, long finalOffset) implements Frame {
        public StreamClose {
            checked(streamId, "streamId");
            checked(messageCount, "messageCount");
            checked(finalOffset, "finalOffset");
        }

        @Override
        public FrameType type() {
            return FrameType.STREAM_CLOSE;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(messageCount) + Varint.encodedLength(finalOffset);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.STREAM_CLOSE.code());
            Varint.write(out, streamId);
            Varint.write(out, messageCount);
            Varint.write(out, finalOffset);
        }
    }

    /** HEARTBEAT (docs/PROTOCOL.md §8.1). */
    public record Heartbeat(long sequence) implements Frame {
        public Heartbeat {
            checked(sequence, "sequence");
        }

        @Override
        public FrameType type() {
            return FrameType.HEARTBEAT;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(sequence);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.HEARTBEAT.code());
            Varint.write(out, sequence);
        }
    }

    /** HEARTBEAT_ACK (docs/PROTOCOL.md §8.1). */
    public record HeartbeatAck(long sequence) implements Frame {
        public HeartbeatAck {
            checked(sequence, "sequence");
        }

        @Override
        public FrameType type() {
            return FrameType.HEARTBEAT_ACK;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(sequence);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.HEARTBEAT_ACK.code());
            Varint.write(out, sequence);
        }
    }

    /**
     * STREAM (docs/PROTOCOL.md §8.3): one fragment of one message. {@code data} is not owned by the record: a decoded
     * frame's data is a retained slice that the receiver of the frame must release (or hand on); encoding neither
     * retains nor releases it.
     */
    public record StreamFrame(long streamId, long messageId, long messageOffset, long messageLength,
            long fragmentOffset, ByteBuf data, boolean compressed) implements Frame {
        /** Flag bit of the type byte: the message is LZ4-compressed. */
        public static final int COMPRESSED_FLAG = 0x01;

        public StreamFrame {
            checked(streamId, "streamId");
            checked(messageId, "messageId");
            checked(messageOffset, "messageOffset");
            checked(messageLength, "messageLength");
            checked(fragmentOffset, "fragmentOffset");
            if (fragmentOffset + data.readableBytes() > messageLength
                    || messageOffset + messageLength > Varint.MAX_VALUE) {
                throw new IllegalArgumentException("fragment outside its message");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.STREAM;
        }

        public int length() {
            return data.readableBytes();
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(streamId) + Varint.encodedLength(messageId)
                    + Varint.encodedLength(messageOffset) + Varint.encodedLength(messageLength)
                    + Varint.encodedLength(fragmentOffset) + Varint.encodedLength(length()) + length();
        }

        @Override
        public void encode(ByteBuf out) {
            encode(out, streamId, messageId, messageOffset, messageLength, fragmentOffset, data, data.readerIndex(),
                    length(), compressed);
        }

        /**
         * Writes a STREAM frame from fields and a region of a buffer, without a record (the packet builder's form).
         * The caller has checked the fields as the constructor does ({@link #checkFields}); {@code data} may be
         * null when {@code length} is 0. Neither retains nor releases {@code data}.
         */
        public static void encode(ByteBuf out, long streamId, long messageId, long messageOffset, long messageLength,
                long fragmentOffset, ByteBuf data, int dataIndex, int length, boolean compressed) {
            Varint.write(out, FrameType.STREAM.code() | (compressed ? COMPRESSED_FLAG : 0));
            Varint.write(out, streamId);
            Varint.write(out, messageId);
            Varint.write(out, messageOffset);
            Varint.write(out, messageLength);
            Varint.write(out, fragmentOffset);
            Varint.write(out, length);
            if (length > 0) {
                out.writeBytes(data, dataIndex, length);
            }
        }

        /** The constructor's checks, for callers of the static {@link #encode(ByteBuf, long, long, long, long, long,
         * ByteBuf, int, int, boolean)}. */
        public static void checkFields(long streamId, long messageId, long messageOffset, long messageLength,
                long fragmentOffset, int length) {
            checked(streamId, "streamId");
            checked(messageId, "messageId");
            checked(messageOffset, "messageOffset");
            checked(messageLength, "messageLength");
            checked(fragmentOffset, "fragmentOffset");
            if (length < 0 || fragmentOffset + length > messageLength || messageOffset + messageLength > Varint.MAX_VALUE) {
                throw new IllegalArgumentException("fragment outside its message");
            }
        }

        @Override
        public String toString() {
            return "STREAM[" + streamId + " msg " + messageId + " @" + messageOffset + "+" + messageLength + " frag "
                    + fragmentOffset + "+" + length() + (compressed ? " lz4" : "") + "]";
        }
    }

    /** CONNECTION_CLOSE (docs/PROTOCOL.md §8.7); the phrase is at most 256 bytes of UTF-8. */
    public record ConnectionClose(int reason, long errorCode, String phrase) implements Frame {
        /** Longest phrase in bytes. */
        public static final int MAX_PHRASE = 256;

        public ConnectionClose {
            checked(reason, "reason");
            checked(errorCode, "errorCode");
            phrase = truncate(phrase == null ? "" : phrase);
        }

        private static String truncate(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length <= MAX_PHRASE) {
                return s;
            }
            int end = MAX_PHRASE;
            while (end > 0 && (b[end] & 0xC0) == 0x80) {
                end--; // do not cut a UTF-8 sequence in half
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        }

        @Override
        public FrameType type() {
            return FrameType.CONNECTION_CLOSE;
        }

        @Override
        public int encodedLength() {
            int n = phrase.getBytes(StandardCharsets.UTF_8).length;
            return 1 + Varint.encodedLength(reason) + Varint.encodedLength(errorCode) + Varint.encodedLength(n) + n;
        }

        @Override
        public void encode(ByteBuf out) {
            byte[] b = phrase.getBytes(StandardCharsets.UTF_8);
            Varint.write(out, FrameType.CONNECTION_CLOSE.code());
            Varint.write(out, reason);
            Varint.write(out, errorCode);
            Varint.write(out, b.length);
            out.writeBytes(b);
        }

        static String decodePhrase(ByteBuf in, int length) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes(in, length))).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "close phrase is not UTF-8");
            }
        }
    }

    /** REHANDSHAKE (docs/PROTOCOL.md §7.5): handshake bytes of an in-band re-handshake, at most 16 KiB per frame. */
    public record Rehandshake(int generation, long offset, byte[] data) implements Frame {
        /** Largest data in one frame. */
        public static final int MAX_DATA = 16 * 1024;

        public Rehandshake {
            checked(generation, "generation");
            checked(offset, "offset");
            if (data.length > MAX_DATA) {
                throw new IllegalArgumentException("re-handshake data too long");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.REHANDSHAKE;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(generation) + Varint.encodedLength(offset)
                    + Varint.encodedLength(data.length) + data.length;
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.REHANDSHAKE.code());
            Varint.write(out, generation);
            Varint.write(out, offset);
            Varint.write(out, data.length);
            out.writeBytes(data);
        }
    }

    /**
     * REPAIR (docs/PROTOCOL.md §8.10): one FEC repair payload as docs/fec-wire.md §2.4 defines it (13-byte header,
     * then shard_length bytes of parity), delimited by its own shard_length. {@code payload} is owned by the frame's
     * holder: the decoder hands out a retained slice.
     */
    public record Repair(ByteBuf payload) implements Frame {
        /** Bytes of the repair header before the parity. */
        public static final int HEADER = 13;

        @Override
        public FrameType type() {
            return FrameType.REPAIR;
        }

        @Override
        public int encodedLength() {
            return 1 + payload.readableBytes();
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.REPAIR.code());
            out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        }
    }

    /**
     * LOSS_REPORT (docs/PROTOCOL.md §8.10): since the connection started, how many packets the receiver expected
     * (largest packet number received + 1) and how many of them it received itself (not rebuilt by FEC).
     */
    public record LossReport(long expected, long received) implements Frame {
        public LossReport {
            checked(expected, "expected");
            checked(received, "received");
            if (received > expected) {
                throw new IllegalArgumentException("received " + received + " > expected " + expected);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.LOSS_REPORT;
        }

        @Override
        public int encodedLength() {
            return 1 + Varint.encodedLength(expected) + Varint.encodedLength(received);
        }

        @Override
        public void encode(ByteBuf out) {
            Varint.write(out, FrameType.LOSS_REPORT.code());
            Varint.write(out, expected);
            Varint.write(out, received);
        }
    }

    static byte[] bytes(ByteBuf in, int length) {
        byte[] b = new byte[length];
        in.readBytes(b);
        return b;
    }
}
