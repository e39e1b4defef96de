package io.jetstreamproto.crypto.internal.handshake;

/** ServerFinished and ClientFinished (docs/PROTOCOL.md §5.5): a 32-byte HMAC over the transcript hash. */
public final class Finished {
    public static final int VERIFY_DATA_LENGTH = 32;

    private Finished() {}

    public static byte[] encode(HandshakeMessageType type, byte[] verifyData) {
        if (type != HandshakeMessageType.SERVER_FINISHED && type != HandshakeMessageType.CLIENT_FINISHED) {
            throw new IllegalArgumentException("not a Finished type: " + type);
        }
        return HandshakeMessages.wrap(type, new MessageWriter().bytes(verifyData));
    }

    /** The verify data of a Finished message of the expected type. */
    public static byte[] decode(byte[] message, HandshakeMessageType type) throws HandshakeException {
        MessageReader r = HandshakeMessages.body(message, type);
        byte[] v = r.bytes(VERIFY_DATA_LENGTH, "verify data");
        r.expectEnd("Finished");
        return v;
    }
}
