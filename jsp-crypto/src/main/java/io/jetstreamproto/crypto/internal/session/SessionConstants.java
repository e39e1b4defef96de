package io.jetstreamproto.crypto.internal.session;

/** Public constants of the session layer (docs/PROTOCOL.md §9). */
public final class SessionConstants {
    /** Smallest datagram that may carry a client's Initial packet (SR-24). */
    public static final int MIN_INITIAL_DATAGRAM = FlightEncoder.MIN_INITIAL_DATAGRAM;

    private SessionConstants() {}
}
