package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.stream.StreamScheduler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scheduling decision per operation, as the packet builder makes it per fragment: {@code next()},
 * {@code charge()} of a 1150-byte fragment, {@code setActive()} (still backlogged), over {@code streams} backlogged
 * streams of mixed priorities with stream ids above the boxing cache. Should not grow with the number of streams.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class StreamSchedulerBenchmark {
    @Param({"1", "16", "256"})
    public int streams;

    private StreamScheduler scheduler;
    private Priority[] priorities;

    @Setup(Level.Trial)
    public void setUp() {
        scheduler = new StreamScheduler();
        priorities = new Priority[streams];
        Priority[] all = Priority.values();
        for (int i = 0; i < streams; i++) {
            priorities[i] = all[i % all.length];
            scheduler.setActive(id(i), priorities[i], true);
        }
    }

    private static long id(int i) {
        return 1000 + 8L * i;
    }

    @Benchmark
    public long nextChargeAndRefresh() {
        long id = scheduler.next();
        scheduler.charge(id, 1150);
        scheduler.setActive(id, priorities[(int) ((id - 1000) / 8)], true);
        return id;
    }
}
