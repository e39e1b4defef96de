package io.jetstreamproto.core.internal;

/**
 * Sending priority of a stream: a <em>weight</em> for weighted fair scheduling, not a strict rank.
 *
 * <p>When several streams have data to send, each gets a share of the connection's sending capacity
 * proportional to its weight: a SYSTEM stream and a BULK stream that are both backlogged send bytes in
 * the ratio 8:1, so a low-priority stream is slowed down but never starved (the original implementation's
 * queue degenerated to strict priority). Priorities are a local scheduling matter and are not sent on
 * the wire (docs/PROTOCOL.md §8.2).
 */
public enum Priority {
    /** Control traffic of the application, weight 8. */
    SYSTEM(8),
    /** Real-time media, weight 4. */
    MEDIA(4),
    /** Interactive messages, weight 2. */
    CHAT(2),
    /** Bulk transfers, weight 1. */
    BULK(1);

    private final int weight;

    Priority(int weight) {
        this.weight = weight;
    }

    /** The relative share of sending capacity: 8, 4, 2 or 1. */
    public int weight() {
        return weight;
    }
}
