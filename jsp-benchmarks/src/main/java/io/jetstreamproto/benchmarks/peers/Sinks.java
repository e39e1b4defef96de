package io.jetstreamproto.benchmarks.peers;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The receiving-side bookkeeping every system's server shares: byte counters, latency recorder, echo waiter. */
final class Sinks {
    private Sinks() {}

    /** One byte counter per connection, in arrival order. Thread-safe. */
    static final class Counters {
        private final CopyOnWriteArrayList<AtomicLong> counters = new CopyOnWriteArrayList<>();

        AtomicLong newConnection() {
            AtomicLong c = new AtomicLong();
            counters.add(c);
            return c;
        }

        long[] snapshot() {
            long[] out = new long[counters.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = counters.get(i).get();
            }
            return out;
        }

        int connections() {
            return counters.size();
        }
    }

    /** One-way latencies of timestamped records (first 8 bytes: the sender's nanoTime, big-endian). */
    static final class Latencies {
        private final Recorder recorder = new Recorder(3);
        private final AtomicLong records = new AtomicLong();

        void record(long sentNanos) {
            long d = System.nanoTime() - sentNanos;
            recorder.recordValue(Math.max(1, Math.min(d, 60_000_000_000L)));
            records.incrementAndGet();
        }

        Histogram take() {
            return recorder.getIntervalHistogram();
        }

        long records() {
            return records.get();
        }
    }

    /** Waits for echoed bytes: the receiving side releases what arrived, the requester acquires what it sent. */
    static final class EchoWaiter {
        private final Semaphore arrived = new Semaphore(0);

        void received(int bytes) {
            arrived.release(bytes);
        }

        void await(int bytes) throws InterruptedException {
            if (!arrived.tryAcquire(bytes, 5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer within 5 s");
            }
        }
    }

    static long readLong(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    static void writeLong(byte[] b, long v) {
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
    }
}
