package io.jetstreamproto.transport;

/**
 * How a stream delivers its messages (docs/PROTOCOL.md §8.3), fixed when the stream is opened. Every mode is
 * message-oriented: a message is delivered whole or not at all, and each stream is independent — loss on one stream
 * never delays another.
 */
public enum DeliveryMode {
    /** Every message exactly once, in the order it was sent; lost fragments are retransmitted until acknowledged. */
    RELIABLE,
    /** Every message exactly once, delivered as soon as it is complete: a loss delays only its own message. */
    RELIABLE_UNORDERED,
    /**
     * In order, but a message is retransmitted only until its time-to-live
     * ({@link ConnectionConfig#partialReliabilityTtl()}) has passed; then it is skipped and later ones are delivered.
     */
    PARTIALLY_RELIABLE,
    /** Never retransmitted; delivered when complete, in any order; a lost message never blocks later ones. */
    BEST_EFFORT
}
