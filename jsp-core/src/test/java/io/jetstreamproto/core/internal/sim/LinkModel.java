package io.jetstreamproto.core.internal.sim;

/**
 * Impairments of one direction of a simulated path (s2n-quic's network model knobs): one-way delay with jitter
 * (jitter reorders), random loss, duplication, corruption, a bottleneck rate with a drop-tail queue, and blackouts.
 * All probabilities are per datagram.
 */
public final class LinkModel {
    long delayNanos = 10_000_000L;
    long jitterNanos;
    double loss;
    double duplicate;
    double corrupt;
    long bitsPerSecond; // 0 = unlimited
    long queueBytes = 256 * 1024;
    long blackoutFrom = Long.MAX_VALUE;
    long blackoutUntil = Long.MIN_VALUE;
    double burstEnter;
    double burstStay;
    boolean inBurst;

    public static LinkModel ideal() {
        return new LinkModel();
    }

    public LinkModel delay(long millis) {
        delayNanos = millis * 1_000_000L;
        return this;
    }

    public LinkModel jitter(long millis) {
        jitterNanos = millis * 1_000_000L;
        return this;
    }

    public LinkModel loss(double p) {
        loss = p;
        return this;
    }

    public LinkModel duplicate(double p) {
        duplicate = p;
        return this;
    }

    public LinkModel corrupt(double p) {
        corrupt = p;
        return this;
    }

    public LinkModel bandwidth(long bitsPerSecond, long queueBytes) {
        this.bitsPerSecond = bitsPerSecond;
        this.queueBytes = queueBytes;
        return this;
    }

    /**
     * Gilbert-Elliott bursts: from the good state a datagram starts a burst with probability {@code enter}; in a
     * burst every datagram is dropped and the burst goes on with probability {@code stay} (mean length
     * 1 / (1 - stay)).
     */
    public LinkModel burstLoss(double enter, double stay) {
        burstEnter = enter;
        burstStay = stay;
        return this;
    }

    /** Drops everything sent in [from, until). */
    public LinkModel blackout(long fromNanos, long untilNanos) {
        blackoutFrom = fromNanos;
        blackoutUntil = untilNanos;
        return this;
    }

    @Override
    public String toString() {
        return "LinkModel[delay=" + delayNanos / 1_000_000 + "ms jitter=" + jitterNanos / 1_000_000 + "ms loss=" + loss
                + " dup=" + duplicate + " corrupt=" + corrupt + " bw=" + bitsPerSecond + "]";
    }
}
