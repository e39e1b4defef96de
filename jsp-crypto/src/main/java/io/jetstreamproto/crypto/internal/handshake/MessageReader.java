package io.jetstreamproto.crypto.internal.handshake;

/** Bounds-checked reader over a handshake message body; every failure is {@link HandshakeError#MALFORMED_MESSAGE}. */
final class MessageReader {
    private final byte[] data;
    private int pos;
    private final int end;

    MessageReader(byte[] data, int offset, int end) {
        this.data = data;
        this.pos = offset;
        this.end = end;
    }

    int remaining() {
        return end - pos;
    }

    private void need(int n, String what) throws HandshakeException {
        if (n < 0 || end - pos < n) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "truncated " + what);
        }
    }

    int u8(String what) throws HandshakeException {
        need(1, what);
        return data[pos++] & 0xFF;
    }

    int u16(String what) throws HandshakeException {
        need(2, what);
        int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int u32(String what) throws HandshakeException {
        need(4, what);
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8)
                | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    byte[] bytes(int n, String what) throws HandshakeException {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(data, pos, out, 0, n);
        pos += n;
        return out;
    }

    int position() {
        return pos;
    }

    void expectEnd(String what) throws HandshakeException {
        if (pos != end) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "trailing bytes after " + what);
        }
    }
}
