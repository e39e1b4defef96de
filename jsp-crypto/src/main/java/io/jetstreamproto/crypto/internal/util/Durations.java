package io.jetstreamproto.crypto.internal.util;

import java.time.Duration;
import java.util.Locale;

/** Durations in messages for people: "10 s", "250 ms", "1.5 s", "2 min", not {@link Duration#toString()}'s "PT10S". */
public final class Durations {
    private Durations() {}

    /**
     * Formats {@code d} with the largest unit that keeps it readable.
     *
     * @param d a duration, not negative
     * @return e.g. "250 ms", "10 s", "1.5 s", "2 min", "1 h 30 min"
     */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long minutes = d.toMinutes();
        if (minutes < 60) {
            long s = d.toSecondsPart();
            return s == 0 ? minutes + " min" : minutes + " min " + s + " s";
        }
        long m = d.toMinutesPart();
        return d.toHours() + " h" + (m == 0 ? "" : " " + m + " min");
    }
}
