package io.jetstreamproto.crypto.internal.handshake;

/** Handshake message types (docs/PROTOCOL.md §5.1). Each message is {@code type(1) || length(3) || body}. */
public enum HandshakeMessageType {
    CLIENT_HELLO(1),
    SERVER_HELLO(2),
    SERVER_AUTH(3),
    SERVER_FINISHED(4),
    CLIENT_FINISHED(5);

    private final int code;

    HandshakeMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static HandshakeMessageType fromCode(int code) throws HandshakeException {
        for (HandshakeMessageType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "unknown handshake message type " + code);
    }
}
