package io.jetstreamproto.core.internal;

/**
 * How a stream delivers its messages (docs/PROTOCOL.md §8.3). The mode is fixed when the stream is opened
 * and is encoded in bits 1–2 of the stream id (§8.2), so both endpoints always agree on it.
 *
 * <p>Every mode is message-oriented: a message is delivered whole or not at all, and each stream is
 * independent — loss on one stream never delays another.
 */
public enum DeliveryMode {
    /**
     * Every message exactly once, in the order it was sent (message-id order). Lost fragments are
     * retransmitted until acknowledged.
     */
    RELIABLE(0),
    /**
     * Every message exactly once, delivered as soon as it is complete, so a lost fragment delays only its
     * own message. Lost fragments are retransmitted until acknowledged.
     */
    RELIABLE_UNORDERED(1),
    /**
     * In message-id order, but a message is retransmitted only until its time-to-live — measured from the
     * first transmission of its first fragment — has passed. The sender then gives up and sends
     * STREAM_SKIP, and the receiver delivers the messages that follow the skipped ones. A message whose
     * time-to-live passes before it was sent at all is skipped without being sent.
     */
    PARTIALLY_RELIABLE(2),
    /**
     * Never retransmitted. A message is delivered when complete, in any order; when the sender learns that
     * a fragment was lost it sends STREAM_SKIP so the receiver frees the space, and the receiver drops an
     * incomplete message after a reassembly timeout. A lost message never blocks later ones.
     */
    BEST_EFFORT(3);

    private static final DeliveryMode[] BY_WIRE_CODE = values();

    private final int wireCode;

    DeliveryMode(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The 2-bit mode field of a stream id (0..3). */
    public int wireCode() {
        return wireCode;
    }

    /**
     * The mode with the given 2-bit wire code.
     *
     * @throws IllegalArgumentException if {@code wireCode} is not in 0..3
     */
    public static DeliveryMode fromWireCode(int wireCode) {
        if (wireCode < 0 || wireCode >= BY_WIRE_CODE.length) {
            throw new IllegalArgumentException("delivery mode wire code must be 0..3, got " + wireCode);
        }
        return BY_WIRE_CODE[wireCode];
    }

    /** Whether lost fragments are retransmitted until acknowledged (RELIABLE and RELIABLE_UNORDERED). */
    public boolean isReliable() {
        return this == RELIABLE || this == RELIABLE_UNORDERED;
    }

    /** Whether messages are delivered in message-id order (RELIABLE and PARTIALLY_RELIABLE). */
    public boolean isOrdered() {
        return this == RELIABLE || this == PARTIALLY_RELIABLE;
    }
}
