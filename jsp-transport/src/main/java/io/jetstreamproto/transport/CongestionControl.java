package io.jetstreamproto.transport;

/** The congestion controllers on offer ({@link ConnectionConfig#congestionControl()}). */
public enum CongestionControl {
    /** NewReno (RFC 9002): predictable and fair. */
    NEW_RENO,
    /** CUBIC (RFC 9438): faster recovery of large windows on long fat paths. */
    CUBIC
}
