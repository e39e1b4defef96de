package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Frames allowed in Initial and Handshake packets (docs/PROTOCOL.md §5.6). The type numbers are shared with
 * 1-RTT frames.
 */
final class HandshakeFrames {
    static final int PADDING = 0x00;
    static final int CRYPTO = 0x06;
    static final int CONNECTION_CLOSE = 0x1C;
    static final int HANDSHAKE_DONE = 0x1E;
    static final int MAX_REASON_LENGTH = 256;

    /** Receives decoded frames. */
    interface Visitor {
        void crypto(long offset, byte[] data, int dataOffset, int length);

        void handshakeDone();

        void connectionClose(long errorCode, String reason);
    }

    private HandshakeFrames() {}

    static int cryptoFrameOverhead(long offset, int length) {
        return 1 + Varint.encodedLength(offset) + Varint.encodedLength(length);
    }

    static void writeCrypto(ByteBuf out, long offset, byte[] data, int from, int length) {
        Varint.write(out, CRYPTO);
        Varint.write(out, offset);
        Varint.write(out, length);
        out.writeBytes(data, from, length);
    }

    static void writeConnectionClose(ByteBuf out, long errorCode, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(r.length, MAX_REASON_LENGTH);
        Varint.write(out, CONNECTION_CLOSE);
        Varint.write(out, errorCode);
        Varint.write(out, len);
        out.writeBytes(r, 0, len);
    }

    /**
     * Decodes all frames in {@code [from, to)} of {@code buf}. Initial packets may carry only PADDING and CRYPTO;
     * Handshake packets also HANDSHAKE_DONE and CONNECTION_CLOSE.
     */
    static void decode(ByteBuf buf, int from, int to, boolean initialLevel, Visitor visitor) {
        ByteBuf in = buf.slice(from, to - from);
        byte[] scratch = null;
        while (in.isReadable()) {
            int type = (int) Varint.read(in);
            switch (type) {
                case PADDING -> {
                    // a run of zero bytes
                    while (in.isReadable() && in.getByte(in.readerIndex()) == 0) {
                        in.skipBytes(1);
                    }
                }
                case CRYPTO -> {
                    long offset = Varint.read(in);
                    int length = Varint.readLength(in, in.readableBytes(), "crypto frame");
                    if (scratch == null || scratch.length < length) {
                        scratch = new byte[length];
                    }
                    in.readBytes(scratch, 0, length);
                    visitor.crypto(offset, scratch, 0, length);
                }
                case HANDSHAKE_DONE -> {
                    if (initialLevel) {
                        throw new PacketFormatException("HANDSHAKE_DONE in an Initial packet");
                    }
                    visitor.handshakeDone();
                }
                case CONNECTION_CLOSE -> {
                    if (initialLevel) {
                        throw new PacketFormatException("CONNECTION_CLOSE in an Initial packet");
                    }
                    long code = Varint.read(in);
                    int len = Varint.readLength(in, MAX_REASON_LENGTH, "close reason");
                    if (in.readableBytes() < len) {
                        throw new PacketFormatException("truncated close reason");
                    }
                    byte[] r = new byte[len];
                    in.readBytes(r);
                    visitor.connectionClose(code, new String(r, StandardCharsets.UTF_8));
                }
                default -> throw new PacketFormatException("frame type " + type + " not allowed in handshake packets");
            }
        }
    }
}
