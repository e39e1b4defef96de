package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.handshake.HandshakeMessages;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Reassembles the handshake byte stream of one encryption level from CRYPTO frames (offset, data) and cuts it
 * into complete handshake messages. Memory is bounded by {@code limit} bytes; data beyond it is a protocol
 * violation. The first copy of each byte wins (later copies are ignored: the transcript authenticates the bytes
 * anyway). Not thread-safe.
 */
final class CryptoReassembler {
    private final int limit;
    private byte[] data = new byte[0];
    private final BitSet received = new BitSet();
    private int contiguous;
    private int consumed;

    CryptoReassembler(int limit) {
        this.limit = limit;
    }

    /**
     * Adds {@code length} bytes at stream {@code offset}; returns whether any byte was new.
     *
     * @throws PacketFormatException if the data would exceed the limit
     */
    boolean add(long offset, byte[] src, int srcOffset, int length) {
        if (offset < 0 || offset + length > limit) {
            throw new PacketFormatException("handshake data beyond " + limit + " bytes");
        }
        int start = (int) offset;
        int end = start + length;
        if (end > data.length) {
            data = Arrays.copyOf(data, Math.min(limit, Math.max(end, data.length * 2)));
        }
        boolean fresh = false;
        for (int i = start; i < end; i++) {
            if (!received.get(i)) {
                data[i] = src[srcOffset + i - start];
                fresh = true;
            }
        }
        received.set(start, end);
        contiguous = received.nextClearBit(contiguous);
        return fresh;
    }

    /** The next complete message, or null if it has not fully arrived yet. */
    byte[] nextMessage() {
        if (contiguous - consumed < HandshakeMessages.HEADER_LENGTH) {
            return null;
        }
        int len = ((data[consumed + 1] & 0xFF) << 16) | ((data[consumed + 2] & 0xFF) << 8) | (data[consumed + 3] & 0xFF);
        if (len > HandshakeMessages.MAX_MESSAGE_LENGTH) {
            throw new PacketFormatException("handshake message too long: " + len);
        }
        int total = HandshakeMessages.HEADER_LENGTH + len;
        if (contiguous - consumed < total) {
            return null;
        }
        byte[] msg = Arrays.copyOfRange(data, consumed, consumed + total);
        consumed += total;
        return msg;
    }

    /** Bytes received contiguously from offset 0. */
    int contiguousBytes() {
        return contiguous;
    }

    /** Whether any byte at offset 0 has been seen. */
    boolean hasStart() {
        return received.get(0);
    }
}
