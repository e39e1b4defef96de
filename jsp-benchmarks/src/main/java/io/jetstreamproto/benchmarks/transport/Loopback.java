package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ListenerConfig;
import io.jetstreamproto.transport.RetryPolicy;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Small helpers shared by the transport figures: loopback listeners, latency summaries, heap readings. */
final class Loopback {
    private Loopback() {}

    static InetSocketAddress anyPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** A listener on loopback with a fresh Ed25519 identity (clients pin its keys). */
    static Listener listen(ConnectionConfig config, ListenerConfig endpoint) throws Exception {
        ServerIdentity identity = ServerIdentity.generate(false);
        return Connection.listen(anyPort(), config, identity, endpoint);
    }

    static Listener listen() throws Exception {
        return listen(ConnectionConfig.defaults(), ListenerConfig.defaults());
    }

    /** A histogram of nanoseconds, 1 µs to 60 s at three significant digits. */
    static Histogram nanosHistogram() {
        return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    /** p50/p90/p99/p99.9/max/mean of a nanosecond histogram, in microseconds. */
    static Json.Obj latency(Histogram h) {
        return new Json.Obj()
                .put("samples", h.getTotalCount())
                .put("p50_us", us(h.getValueAtPercentile(50)))
                .put("p90_us", us(h.getValueAtPercentile(90)))
                .put("p99_us", us(h.getValueAtPercentile(99)))
                .put("p99_9_us", us(h.getValueAtPercentile(99.9)))
                .put("max_us", us(h.getMaxValue()))
                .put("mean_us", Math.round(h.getMean() / 100.0) / 10.0);
    }

    static double us(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }

    static double mbits(long bytes, long nanos) {
        return nanos <= 0 ? 0 : Math.round(bytes * 8.0 / (nanos / 1e9) / 1e6 * 10) / 10.0;
    }

    /** Used heap after several full collections (System.gc() until the reading settles). */
    static long usedHeapAfterGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 8; i++) {
            System.gc();
            Thread.sleep(150);
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (i >= 3 && Math.abs(last - used) < 256 * 1024) {
                return Math.min(last, used);
            }
            last = used;
        }
        return last;
    }

    /** Direct memory of the JDK's "direct" buffer pool (Netty's pooled arenas allocate through it or Unsafe). */
    static long directPoolBytes() {
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        return -1;
    }

    /** Bytes handed out by Netty's default pooled allocator (direct + heap arenas). */
    static long nettyPooledBytes() {
        var m = io.netty.buffer.PooledByteBufAllocator.DEFAULT.metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    /** CPU time of this process so far (all threads), nanoseconds. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** CPU time of the transport's event-loop threads ("jsp-io-*") so far, nanoseconds. */
    static long ioThreadsCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("jsp-io")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }

    /** Adds CPU use over an interval: cores busy (process and event loops) and process CPU per unit of work. */
    static Json.Obj putCpu(Json.Obj o, long procBefore, long ioBefore, long wallNanos, long units, String unitName) {
        long proc = processCpuNanos() - procBefore;
        long io = ioThreadsCpuNanos() - ioBefore;
        return o.put("process_cpu_cores", round(proc / (double) wallNanos, 2))
                .put("io_threads_cpu_cores", round(io / (double) wallNanos, 2))
                .put("process_cpu_us_per_" + unitName, units <= 0 ? 0 : round(proc / 1000.0 / units, 2));
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : (n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
