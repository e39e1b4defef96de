package io.jetstreamproto.core.internal;

import java.util.Optional;

/**
 * The error codes that refine a CONNECTION_CLOSE with reason ProtocolError (docs/PROTOCOL.md §8.7).
 * The codes are stable wire values. Handshake error codes (0x101 and up, §5.8) share the same field but
 * belong to the handshake layer and are not listed here.
 */
public enum ProtocolError {
    /** A frame could not be decoded or is internally inconsistent. */
    FRAME_ENCODING_ERROR(0x1),
    /** The peer sent more than a flow-control limit allows. */
    FLOW_CONTROL_ERROR(0x2),
    /** The peer opened a stream beyond its stream limit. */
    STREAM_LIMIT_ERROR(0x3),
    /** A frame contradicts the state of its stream (for example different metadata for the same message). */
    STREAM_STATE_ERROR(0x4),
    /** Data, a message, or a final size contradicts a STREAM_CLOSE or RESET_STREAM. */
    FINAL_SIZE_ERROR(0x5),
    /** A message is longer than the receiver's max_message_size. */
    MESSAGE_TOO_LARGE(0x6),
    /** The transport parameters are malformed or inconsistent. */
    TRANSPORT_PARAMETER_ERROR(0x7),
    /** A key update violated §7.3. */
    KEY_UPDATE_ERROR(0x8),
    /** Packet protection failed in a way that cannot be dropped silently. */
    CRYPTO_ERROR(0x9),
    /** A COMPRESSED message that is not a valid LZ4 block of its declared length, or declares too much. */
    COMPRESSION_ERROR(0xA);

    private final int code;

    ProtocolError(int code) {
        this.code = code;
    }

    /** The wire value of the error_code field. */
    public int code() {
        return code;
    }

    /**
     * The error with the given wire value, or empty for codes this enum does not define (handshake codes,
     * or codes of a newer peer).
     */
    public static Optional<ProtocolError> fromCode(long code) {
        for (ProtocolError error : values()) {
            if (error.code == code) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }
}
