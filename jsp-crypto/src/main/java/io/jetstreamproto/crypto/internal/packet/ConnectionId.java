package io.jetstreamproto.crypto.internal.packet;

import io.jetstreamproto.crypto.internal.util.ConstantTime;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A connection id: an opaque byte string that routes packets to a connection independently of addresses.
 * Endpoint-chosen ids are always {@link #LENGTH} bytes; the random destination id of a client's first
 * Initial may be 8..20 bytes. Connection ids are public (they travel in clear), so equality is plain.
 */
public final class ConnectionId {
    /** Length of every endpoint-chosen connection id, and of the destination id in short headers. */
    public static final int LENGTH = 8;
    /** Longest connection id accepted in a long header. */
    public static final int MAX_LENGTH = 20;
    /** Shortest destination id accepted in a client's Initial packet (as QUIC, RFC 9000 §7.2). */
    public static final int MIN_INITIAL_DCID_LENGTH = 8;

    private final byte[] bytes;
    private final int hash;

    private ConnectionId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps a copy of {@code bytes}. */
    public static ConnectionId of(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("connection id longer than " + MAX_LENGTH + " bytes");
        }
        return new ConnectionId(bytes.clone());
    }

    /** A fresh random id of {@link #LENGTH} bytes. */
    public static ConnectionId random(RandomSource random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new ConnectionId(b);
    }

    /** Reads {@code length} bytes from {@code in}. */
    public static ConnectionId read(ByteBuf in, int length) {
        if (length > MAX_LENGTH) {
            throw new PacketFormatException("connection id too long: " + length);
        }
        if (in.readableBytes() < length) {
            throw new PacketFormatException("truncated connection id");
        }
        byte[] b = new byte[length];
        in.readBytes(b);
        return new ConnectionId(b);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the id bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    /** Whether {@code buf} holds this id at absolute index {@code index}. */
    public boolean matches(ByteBuf buf, int index) {
        if (buf.writerIndex() - index < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (buf.getByte(index + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionId other && hash == other.hash && ConstantTime.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
