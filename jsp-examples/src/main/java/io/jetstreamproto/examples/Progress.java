package io.jetstreamproto.examples;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Transfer progress: a progress bar with rate and ETA on a terminal, plain lines about once a second otherwise
 * (logs, pipes, tests), or nothing.
 */
abstract class Progress implements AutoCloseable {
    abstract void update(long done);

    @Override
    public abstract void close();

    static Progress none() {
        return new Progress() {
            @Override
            void update(long done) {}

            @Override
            public void close() {}
        };
    }

    /** A bar when stdout is a terminal, else periodic lines on {@code out}. */
    static Progress forTask(String task, long total, PrintStream out) {
        return System.console() != null ? new Bar(task, total, out) : new Lines(task, total, out);
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total, PrintStream out) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit("MiB", 1 << 20)
                    .showSpeed().setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }

        @Override
        void update(long done) {
            bar.stepTo(done);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final String task;
        private final long total;
        private final PrintStream out;
        private final long start = System.nanoTime();
        private long lastPrint = start;
        private long done;

        Lines(String task, long total, PrintStream out) {
            this.task = task;
            this.total = total;
            this.out = out;
        }

        @Override
        void update(long done) {
            this.done = done;
            long now = System.nanoTime();
            if (now - lastPrint >= 1_000_000_000L) {
                lastPrint = now;
                print(now);
            }
        }

        private void print(long now) {
            double seconds = Math.max(now - start, 1) / 1e9;
            double rate = done / seconds;
            String eta = rate > 0 && total > done ? String.format(Locale.ROOT, "%.0f s", (total - done) / rate) : "-";
            out.printf(Locale.ROOT, "%s: %s / %s (%.0f%%), %.1f MiB/s, ETA %s%n", task, Cli.mib(done), Cli.mib(total),
                    total == 0 ? 100.0 : 100.0 * done / total, rate / 1048576.0, eta);
        }

        @Override
        public void close() {
            print(System.nanoTime());
        }
    }
}
