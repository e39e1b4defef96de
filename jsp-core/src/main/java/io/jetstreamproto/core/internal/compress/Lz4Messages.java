package io.jetstreamproto.core.internal.compress;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The compressed form of a message (docs/PROTOCOL.md §8.8): {@code original_length:varint || lz4_block}, an LZ4 block
 * (no frame) that decompresses to exactly original_length bytes. Pure-Java LZ4 (no JNI), and the safe decompressor,
 * which never reads or writes outside its buffers whatever the input.
 */
public final class Lz4Messages {
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestJavaInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestJavaInstance().safeDecompressor();

    private Lz4Messages() {}

    /**
     * Compresses the readable bytes of {@code message} (indices unchanged, ownership kept by the caller). Returns the
     * compressed form if it is smaller than the message, else null (nothing allocated survives).
     */
    public static ByteBuf compressIfSmaller(ByteBuf message, ByteBufAllocator alloc) {
        int length = message.readableBytes();
        int bound = COMPRESSOR.maxCompressedLength(length);
        int prefix = Varint.encodedLength(length);
        ByteBuf out = alloc.buffer(prefix + bound);
        try {
            Varint.write(out, length);
            ByteBuffer src = message.nioBuffer(message.readerIndex(), length);
            ByteBuffer dst = out.nioBuffer(prefix, bound);
            int n = COMPRESSOR.compress(src, src.position(), length, dst, dst.position(), bound);
            if (prefix + n >= length) {
                out.release();
                return null;
            }
            out.writerIndex(prefix + n);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Decompresses a compressed message (ownership kept by the caller).
     *
     * @throws ProtocolViolationException if it is malformed, does not decompress to exactly its declared length, or
     *     declares more than {@code maxMessageSize} bytes (a decompression bomb)
     */
    public static ByteBuf decompress(ByteBuf compressed, long maxMessageSize, ByteBufAllocator alloc) {
        ByteBuf in = compressed.duplicate();
        long length;
        try {
            length = Varint.read(in);
        } catch (PacketFormatException e) {
            throw bad("compressed message without its length");
        }
        if (length > maxMessageSize || length > Integer.MAX_VALUE - 8) {
            throw bad("compressed message declares " + length + " bytes, more than the " + maxMessageSize + " allowed");
        }
        int n = (int) length;
        ByteBuf out = alloc.buffer(Math.max(n, 1));
        try {
            ByteBuffer src = in.nioBuffer(in.readerIndex(), in.readableBytes());
            ByteBuffer dst = out.nioBuffer(0, n);
            int got = DECOMPRESSOR.decompress(src, src.position(), src.remaining(), dst, dst.position(), n);
            if (got != n) {
                throw bad("compressed message decompresses to " + got + " bytes, declared " + n);
            }
            out.writerIndex(n);
            return out;
        } catch (LZ4Exception e) {
            out.release();
            throw bad("malformed LZ4 block: " + e.getMessage());
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static ProtocolViolationException bad(String message) {
        return new ProtocolViolationException(ProtocolError.COMPRESSION_ERROR, message);
    }
}
