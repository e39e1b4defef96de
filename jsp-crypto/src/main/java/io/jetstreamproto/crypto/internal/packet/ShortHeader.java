package io.jetstreamproto.crypto.internal.packet;

/**
 * A decoded short (1-RTT) header: {@code flags(1) || DCID(8) || packet number(8)}.
 *
 * @param keyPhase     the key-phase bit
 * @param dcid         destination connection id
 * @param packetNumber the explicit 64-bit packet number
 * @param headerStart  absolute index of the first header byte
 */
public record ShortHeader(boolean keyPhase, ConnectionId dcid, long packetNumber, int headerStart) {
    /** Encoded length of a short header. */
    public static final int LENGTH = 1 + ConnectionId.LENGTH + 8;
}
