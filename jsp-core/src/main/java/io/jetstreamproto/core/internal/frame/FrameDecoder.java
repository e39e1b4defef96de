package io.jetstreamproto.core.internal.frame;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Decodes the frames of a 1-RTT payload. Every malformed input — truncation, unknown type, reserved bit, a value out
 * of range, a length larger than what remains — is a {@link ProtocolViolationException} with
 * {@link ProtocolError#FRAME_ENCODING_ERROR}; nothing is allocated from an unchecked length.
 */
public final class FrameDecoder {
    private FrameDecoder() {}

    /**
     * Decodes every frame of {@code payload} (from its reader index to its writer index) in order and hands each to
     * {@code sink}. A STREAM frame's data is a retained slice the sink must release: it owns it from the moment it is
     * handed over, also when it throws (nothing is released here then). A frame whose decoding fails never reaches the
     * sink and holds nothing. An empty payload is an error (a packet carries at least one frame).
     */
    public static void decodeAll(ByteBuf payload, Consumer<Frame> sink) {
        decodeAll(payload, new FrameSink() {
            @Override
            public void stream(long streamId, long messageId, long messageOffset, long messageLength,
                    long fragmentOffset, ByteBuf packet, int dataIndex, int length, boolean compressed) {
                ByteBuf data = packet.retainedSlice(dataIndex, length);
                Frames.StreamFrame f;
                try {
                    f = new Frames.StreamFrame(streamId, messageId, messageOffset, messageLength, fragmentOffset,
                            data, compressed);
                } catch (RuntimeException e) {
                    data.release();
                    throw e;
                }
                sink.accept(f); // ownership of the data moves to the sink
            }

            @Override
            public void ack(AckFrame ack) {
                sink.accept(ack.copy());
            }

            @Override
            public void frame(Frame f) {
                sink.accept(f);
            }
        }, AckFrame.reusable());
    }

    /**
     * The allocation-free form of {@link #decodeAll(ByteBuf, Consumer)}: STREAM frames reach the sink as fields and a
     * region of {@code payload} (no slice, no record), ACK frames decoded into {@code ack} (reused), every other
     * frame as a record. Same checks, same errors.
     */
    public static void decodeAll(ByteBuf payload, FrameSink sink, AckFrame ack) {
        if (!payload.isReadable()) {
            throw new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, "packet without frames");
        }
        while (payload.isReadable()) {
            decodeOne(payload, sink, ack);
        }
    }

    private static void decodeOne(ByteBuf in, FrameSink sink, AckFrame ack) {
        int start = in.readerIndex();
        long typeCode;
        try {
            typeCode = Varint.read(in);
        } catch (PacketFormatException | IllegalArgumentException e) {
            throw encoding(e.getMessage());
        }
        if (typeCode == FrameType.ACK.code()) {
            try {
                AckFrame.decodeInto(in, ack);
            } catch (PacketFormatException | IllegalArgumentException e) {
                throw encoding(e.getMessage());
            }
            sink.ack(ack); // outside the try: what the sink throws is its own error, not an encoding error
            return;
        }
        if (FrameType.fromCode(typeCode) == FrameType.STREAM) {
            decodeStream(in, (int) typeCode, sink);
            return;
        }
        in.readerIndex(start);
        sink.frame(decode(in));
    }

    /** Decodes one frame at the reader index. */
    public static Frame decode(ByteBuf in) {
        try {
            long typeCode = Varint.read(in);
            FrameType type = FrameType.fromCode(typeCode);
            if (type == null) {
                throw encoding("unknown frame type 0x" + Long.toHexString(typeCode));
            }
            switch (type) {
                case PADDING: {
                    int n = 1;
                    while (in.isReadable() && in.getByte(in.readerIndex()) == 0) {
                        in.skipBytes(1);
                        n++;
                    }
                    return new Frames.Padding(n);
                }
                case PING:
                    return new Frames.Ping();
                case ACK:
                    return AckFrame.decode(in);
                case RESET_STREAM:
                    return new Frames.ResetStream(Varint.read(in), Varint.read(in), Varint.read(in));
                case STOP_SENDING:
                    return new Frames.StopSending(Varint.read(in), Varint.read(in));
                case STREAM:
                    return decodeStream(in, (int) typeCode);
                case MAX_DATA:
                    return new Frames.MaxData(Varint.read(in));
                case MAX_STREAM_DATA:
                    return new Frames.MaxStreamData(Varint.read(in), Varint.read(in));
                case MAX_STREAMS:
                    return new Frames.MaxStreams(Varint.read(in));
                case DATA_BLOCKED:
                    return new Frames.DataBlocked(Varint.read(in));
                case STREAM_DATA_BLOCKED:
                    return new Frames.StreamDataBlocked(Varint.read(in), Varint.read(in));
                case STREAMS_BLOCKED:
                    return new Frames.StreamsBlocked(Varint.read(in));
                case STREAM_SKIP:
                    return new Frames.StreamSkip(Varint.read(in), Varint.read(in), Varint.read(in));
                case STREAM_CLOSE:
                    return new Frames.StreamClose(Varint.read(in), Varint.read(in), Varint.read(in));
                case HEARTBEAT:
                    return new Frames.Heartbeat(Varint.read(in));
                case HEARTBEAT_ACK:
                    return new Frames.HeartbeatAck(Varint.read(in));
                case CONNECTION_CLOSE: {
                    long reason = Varint.read(in);
                    long code = Varint.read(in);
                    int len = Varint.readLength(in, Frames.ConnectionClose.MAX_PHRASE, "close phrase");
                    if (reason > Integer.MAX_VALUE || in.readableBytes() < len) {
                        throw encoding("bad CONNECTION_CLOSE");
                    }
                    return new Frames.ConnectionClose((int) reason, code, Frames.ConnectionClose.decodePhrase(in, len));
                }
                case REHANDSHAKE: {
                    long gen = Varint.read(in);
                    long offset = Varint.read(in);
                    int len = Varint.readLength(in, Frames.Rehandshake.MAX_DATA, "re-handshake data");
                    if (gen > Integer.MAX_VALUE || in.readableBytes() < len) {
                        throw encoding("bad REHANDSHAKE");
                    }
                    return new Frames.Rehandshake((int) gen, offset, Frames.bytes(in, len));
                }
                case REPAIR: {
                    if (in.readableBytes() < Frames.Repair.HEADER) {
                        throw encoding("truncated REPAIR");
                    }
                    int total = Frames.Repair.HEADER + in.getUnsignedShort(in.readerIndex() + 11);
                    if (in.readableBytes() < total) {
                        throw encoding("truncated REPAIR parity");
                    }
                    return new Frames.Repair(in.readRetainedSlice(total));
                }
                case LOSS_REPORT:
                    return new Frames.LossReport(Varint.read(in), Varint.read(in));
                default:
                    throw encoding("unhandled frame type " + type);
            }
        } catch (PacketFormatException | IllegalArgumentException e) {
            throw encoding(e.getMessage());
        }
    }

    private static Frame decodeStream(ByteBuf in, int typeCode) {
        Frame[] out = new Frame[1];
        decodeStream(in, typeCode, new FrameSink() {
            @Override
            public void stream(long streamId, long messageId, long messageOffset, long messageLength,
                    long fragmentOffset, ByteBuf packet, int dataIndex, int length, boolean compressed) {
                ByteBuf data = packet.retainedSlice(dataIndex, length);
                try {
                    out[0] = new Frames.StreamFrame(streamId, messageId, messageOffset, messageLength,
                            fragmentOffset, data, compressed);
                } catch (RuntimeException e) {
                    data.release();
                    throw e;
                }
            }

            @Override
            public void ack(AckFrame ack) {
                throw new AssertionError();
            }

            @Override
            public void frame(Frame f) {
                throw new AssertionError();
            }
        });
        return out[0];
    }

    /** Checks a STREAM frame (after its type) and hands it to the sink; the reader index moves past its data. */
    private static void decodeStream(ByteBuf in, int typeCode, FrameSink sink) {
        if ((typeCode & 0x02) != 0) {
            throw encoding("reserved STREAM flag set");
        }
        long streamId;
        long messageId;
        long messageOffset;
        long messageLength;
        long fragmentOffset;
        int length;
        try {
            streamId = Varint.read(in);
            messageId = Varint.read(in);
            messageOffset = Varint.read(in);
            messageLength = Varint.read(in);
            fragmentOffset = Varint.read(in);
            // The bound is what remains after the length varint itself (not before it: that over-counts by its size).
            length = Varint.readLength(in, Integer.MAX_VALUE, "STREAM data");
        } catch (PacketFormatException | IllegalArgumentException e) {
            throw encoding(e.getMessage());
        }
        if (length > in.readableBytes()) {
            throw encoding("STREAM data beyond the end of the packet");
        }
        if (fragmentOffset + length > messageLength) {
            throw encoding("fragment beyond its message length");
        }
        if (messageOffset + messageLength > Varint.MAX_VALUE) {
            throw encoding("message beyond the largest stream offset");
        }
        int dataIndex = in.readerIndex();
        in.skipBytes(length);
        sink.stream(streamId, messageId, messageOffset, messageLength, fragmentOffset, in, dataIndex, length,
                (typeCode & Frames.StreamFrame.COMPRESSED_FLAG) != 0);
    }

    private static ProtocolViolationException encoding(String message) {
        return new ProtocolViolationException(ProtocolError.FRAME_ENCODING_ERROR, message);
    }
}
