package io.jetstreamproto.core.internal.cc;

/** The congestion controllers on offer. */
public enum CongestionAlgorithm {
    /** NewReno (RFC 9002): the default; predictable and fair. */
    NEW_RENO,
    /** CUBIC (RFC 9438): faster recovery of large windows on long fat paths. */
    CUBIC;

    public CongestionController create(long maxDatagramSize, long initialWindow) {
        return this == NEW_RENO ? new NewReno(maxDatagramSize, initialWindow) : new Cubic(maxDatagramSize, initialWindow);
    }
}
