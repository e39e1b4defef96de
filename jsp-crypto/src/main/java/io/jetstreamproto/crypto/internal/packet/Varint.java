package io.jetstreamproto.crypto.internal.packet;

import io.netty.buffer.ByteBuf;

/**
 * Variable-length integers as in RFC 9000 §16: the two high bits of the first byte give the length
 * (1, 2, 4 or 8 bytes), the remaining bits hold the value big-endian. Values range over 0..2^62-1.
 */
public final class Varint {
    /** Largest encodable value, 2^62 - 1. */
    public static final long MAX_VALUE = (1L << 62) - 1;

    private Varint() {}

    /** Number of bytes {@link #write} uses for {@code value}. */
    public static int encodedLength(long value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("varint out of range: " + value);
        }
        if (value < (1 << 6)) {
            return 1;
        }
        if (value < (1 << 14)) {
            return 2;
        }
        if (value < (1L << 30)) {
            return 4;
        }
        return 8;
    }

    /** Writes {@code value} in its shortest form. */
    public static void write(ByteBuf out, long value) {
        switch (encodedLength(value)) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShort((int) value | 0x4000);
            case 4 -> out.writeInt((int) value | 0x8000_0000);
            default -> out.writeLong(value | 0xC000_0000_0000_0000L);
        }
    }

    /**
     * Reads a varint from the reader index.
     *
     * @throws PacketFormatException if the buffer ends inside the varint
     */
    public static long read(ByteBuf in) {
        if (!in.isReadable()) {
            throw new PacketFormatException("truncated varint");
        }
        int first = in.getUnsignedByte(in.readerIndex());
        int length = 1 << (first >>> 6);
        if (in.readableBytes() < length) {
            throw new PacketFormatException("truncated varint");
        }
        return switch (length) {
            case 1 -> in.readUnsignedByte() & 0x3F;
            case 2 -> in.readUnsignedShort() & 0x3FFF;
            case 4 -> in.readUnsignedInt() & 0x3FFF_FFFFL;
            default -> in.readLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        };
    }

    /** Reads a varint and checks that it is at most {@code max}; used for lengths before any allocation. */
    public static int readLength(ByteBuf in, int max, String what) {
        long value = read(in);
        if (value > max) {
            throw new PacketFormatException(what + " too large: " + value + " > " + max);
        }
        return (int) value;
    }
}
