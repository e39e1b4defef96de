package io.jetstreamproto.crypto.internal.handshake;

/** Framing shared by all handshake messages: {@code type(1) || length(3) || body}. */
public final class HandshakeMessages {
    /** Header bytes before a message body. */
    public static final int HEADER_LENGTH = 4;
    /** Largest message accepted (a hybrid ServerAuth is about 5.3 KB). */
    public static final int MAX_MESSAGE_LENGTH = 8192;

    private HandshakeMessages() {}

    static byte[] wrap(HandshakeMessageType type, MessageWriter body) {
        byte[] b = body.toByteArray();
        return new MessageWriter().u8(type.code()).u24(b.length).bytes(b).toByteArray();
    }

    /** The type of a complete message. */
    public static HandshakeMessageType typeOf(byte[] message) throws HandshakeException {
        if (message.length < HEADER_LENGTH) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "truncated handshake message");
        }
        return HandshakeMessageType.fromCode(message[0] & 0xFF);
    }

    /** A reader over the body of {@code message}, after checking its type and length field. */
    static MessageReader body(byte[] message, HandshakeMessageType expected) throws HandshakeException {
        HandshakeMessageType type = typeOf(message);
        if (type != expected) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "expected " + expected + ", got " + type);
        }
        int len = ((message[1] & 0xFF) << 16) | ((message[2] & 0xFF) << 8) | (message[3] & 0xFF);
        if (len != message.length - HEADER_LENGTH) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "length field does not match message");
        }
        return new MessageReader(message, HEADER_LENGTH, message.length);
    }
}
