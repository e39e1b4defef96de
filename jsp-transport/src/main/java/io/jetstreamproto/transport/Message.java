package io.jetstreamproto.transport;

/**
 * A message received on a stream: its bytes, exactly as sent (message boundaries are preserved).
 *
 * @param streamId the stream it arrived on
 * @param data     the message (owned by the application)
 */
public record Message(long streamId, byte[] data) {
    @Override
    public String toString() {
        return "Message[stream " + streamId + ", " + data.length + " bytes]";
    }
}
