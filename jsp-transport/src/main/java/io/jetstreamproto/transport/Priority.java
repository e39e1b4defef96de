package io.jetstreamproto.transport;

/**
 * Sending priority of a stream: a weight for weighted fair scheduling, not a strict rank. Backlogged streams share
 * the connection's sending capacity in proportion to their weights (SYSTEM 8 : MEDIA 4 : CHAT 2 : BULK 1), so a
 * low-priority stream is slowed down but never starved. Priorities are local and not sent on the wire.
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

    /**
     * The relative share of sending capacity.
     *
     * @return 8, 4, 2 or 1
     */
    public int weight() {
        return weight;
    }
}
