package io.jetstreamproto.benchmarks.netem;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One direction of an emulated link: decides, for each datagram, whether it is lost (random, burst, or queue
 * overflow), duplicated, and when it leaves. Called from one thread (the proxy's receiver), so the seeded generator
 * gives the same decisions for the same traffic; the counters may be read from any thread.
 */
public final class Direction {
    private final String name;
    private final LinkModel model;
    private final SplittableRandom random;
    private boolean bad; // Gilbert-Elliott state
    private long lastDeparture; // with order kept: nothing leaves before this
    private long linkFreeAt; // when the bottleneck has sent everything queued so far (nanoTime)
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final AtomicLong droppedRandom = new AtomicLong();
    private final AtomicLong droppedBurst = new AtomicLong();
    private final AtomicLong droppedQueue = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();

    Direction(String name, LinkModel model, long seed) {
        this.name = name;
        this.model = model;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The departure times (nanoTime) of the copies of a datagram of {@code size} bytes arriving at {@code now}, or
     * null if it is dropped.
     */
    long[] admit(int size, long now) {
        received.incrementAndGet();
        receivedBytes.addAndGet(size);
        GilbertElliott ge = model.burst();
        if (ge != null) {
            bad = bad ? random.nextDouble() >= ge.leaveBad() : random.nextDouble() < ge.enterBad();
            if (random.nextDouble() < (bad ? ge.lossBad() : ge.lossGood())) {
                droppedBurst.incrementAndGet();
                return null;
            }
        }
        if (model.loss() > 0 && random.nextDouble() < model.loss()) {
            droppedRandom.incrementAndGet();
            return null;
        }
        long leave = now;
        if (model.rateBytesPerSec() > 0) {
            long start = Math.max(now, linkFreeAt);
            long queued = (start - now) * model.rateBytesPerSec() / 1_000_000_000L; // bytes ahead of this one
            if (queued + size > model.queueBytes()) {
                droppedQueue.incrementAndGet();
                return null;
            }
            linkFreeAt = start + size * 1_000_000_000L / model.rateBytesPerSec();
            leave = linkFreeAt;
        }
        boolean dup = model.duplicate() > 0 && random.nextDouble() < model.duplicate();
        if (dup) {
            duplicated.incrementAndGet();
        }
        long[] out = new long[dup ? 2 : 1];
        for (int i = 0; i < out.length; i++) {
            long jitter = model.jitterMicros() == 0 ? 0 : (long) (random.nextDouble() * model.jitterMicros());
            out[i] = leave + (model.delayMicros() + jitter) * 1000L;
            if (!model.reorder()) {
                out[i] = Math.max(out[i], lastDeparture);
                lastDeparture = out[i];
            }
        }
        return out;
    }

    void forwarded(int size) {
        forwarded.incrementAndGet();
        forwardedBytes.addAndGet(size);
    }

    void sendFailed() {
        sendFailures.incrementAndGet();
    }

    public LinkModel model() {
        return model;
    }

    public Counters counters() {
        return new Counters(received.get(), receivedBytes.get(), forwarded.get(), forwardedBytes.get(),
                droppedRandom.get(), droppedBurst.get(), droppedQueue.get(), duplicated.get(), sendFailures.get());
    }

    @Override
    public String toString() {
        return name + " " + model;
    }

    /** What one direction did so far. */
    public record Counters(long received, long receivedBytes, long forwarded, long forwardedBytes,
            long droppedRandom, long droppedBurst, long droppedQueue, long duplicated, long sendFailures) {
        public long dropped() {
            return droppedRandom + droppedBurst + droppedQueue;
        }

        public Counters minus(Counters o) {
            return new Counters(received - o.received, receivedBytes - o.receivedBytes, forwarded - o.forwarded,
                    forwardedBytes - o.forwardedBytes, droppedRandom - o.droppedRandom, droppedBurst - o.droppedBurst,
                    droppedQueue - o.droppedQueue, duplicated - o.duplicated, sendFailures - o.sendFailures);
        }
    }
}
