package io.jetstreamproto.benchmarks.netem;

/**
 * The impairment of one direction of an emulated link, as netem would configure it: a one-way delay with uniform
 * jitter (jitter reorders, as on real links), Bernoulli random loss, Gilbert-Elliott burst loss, duplication, and a
 * rate limit in front of a drop-tail queue. Immutable; {@link #clean()} forwards everything at once.
 *
 * @param delayMicros     one-way delay added to every datagram
 * @param jitterMicros    extra delay, uniform in [0, jitter], drawn per datagram
 * @param loss            probability that a datagram is dropped, independently of the others
 * @param burst           Gilbert-Elliott burst loss on top of {@code loss}, or null
 * @param duplicate       probability that a forwarded datagram is sent twice
 * @param rateBytesPerSec bottleneck rate (0 = unlimited): datagrams leave the queue no faster than this
 * @param queueBytes      drop-tail queue in front of the bottleneck; a datagram that does not fit is dropped
 * @param reorder         whether jitter may reorder (netem's behaviour, the default); if false a datagram never
 *                        leaves before the one ahead of it (the delay of a queue that varies, order kept)
 */
public record LinkModel(long delayMicros, long jitterMicros, double loss, GilbertElliott burst, double duplicate,
        long rateBytesPerSec, long queueBytes, boolean reorder) {

    public LinkModel {
        if (delayMicros < 0 || jitterMicros < 0 || rateBytesPerSec < 0 || queueBytes < 0) {
            throw new IllegalArgumentException("negative link parameter");
        }
        if (loss < 0 || loss > 1 || duplicate < 0 || duplicate > 1) {
            throw new IllegalArgumentException("probabilities must be in [0, 1]");
        }
    }

    /** No impairment. */
    public static LinkModel clean() {
        return new LinkModel(0, 0, 0, null, 0, 0, 0, true);
    }

    public LinkModel withDelay(long delayMicros, long jitterMicros) {
        return new LinkModel(delayMicros, jitterMicros, loss, burst, duplicate, rateBytesPerSec, queueBytes, reorder);
    }

    public LinkModel withLoss(double loss) {
        return new LinkModel(delayMicros, jitterMicros, loss, burst, duplicate, rateBytesPerSec, queueBytes, reorder);
    }

    public LinkModel withBurst(GilbertElliott burst) {
        return new LinkModel(delayMicros, jitterMicros, loss, burst, duplicate, rateBytesPerSec, queueBytes, reorder);
    }

    public LinkModel withDuplicate(double duplicate) {
        return new LinkModel(delayMicros, jitterMicros, loss, burst, duplicate, rateBytesPerSec, queueBytes, reorder);
    }

    public LinkModel withRate(long rateBytesPerSec, long queueBytes) {
        return new LinkModel(delayMicros, jitterMicros, loss, burst, duplicate, rateBytesPerSec, queueBytes, reorder);
    }

    /** Jitter without reordering ({@code false}) or with it (netem's way, the default). */
    public LinkModel withReorder(boolean reorder) {
        return new LinkModel(delayMicros, jitterMicros, loss, burst, duplicate, rateBytesPerSec, queueBytes, reorder);
    }

    /** Whether a datagram may be forwarded at once, on the receiving thread (nothing to wait for). */
    boolean immediate() {
        return delayMicros == 0 && jitterMicros == 0 && rateBytesPerSec == 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("delay ").append(delayMicros / 1000.0).append(" ms");
        if (jitterMicros > 0) {
            sb.append(" +0..").append(jitterMicros / 1000.0).append(" ms").append(reorder ? "" : " (order kept)");
        }
        sb.append(", loss ").append(Math.round(loss * 1000) / 10.0).append(" %");
        if (burst != null) {
            sb.append(", ").append(burst);
        }
        if (duplicate > 0) {
            sb.append(", dup ").append(Math.round(duplicate * 1000) / 10.0).append(" %");
        }
        if (rateBytesPerSec > 0) {
            sb.append(", rate ").append(rateBytesPerSec * 8 / 1_000_000.0).append(" Mbit/s, queue ")
                    .append(queueBytes).append(" B");
        }
        return sb.toString();
    }
}
