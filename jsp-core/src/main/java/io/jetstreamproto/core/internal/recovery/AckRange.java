package io.jetstreamproto.core.internal.recovery;

/** An inclusive range of acknowledged packet numbers. */
public record AckRange(long smallest, long largest) {
    public AckRange {
        if (smallest < 0 || smallest > largest) {
            throw new IllegalArgumentException("bad ack range " + smallest + ".." + largest);
        }
    }
}
