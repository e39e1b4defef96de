package io.jetstreamproto.crypto.internal.docs;

/** Exposes the Initial datagram minimum (package-private in crypto.session) to the constants test. */
final class FlightEncoderAccess {
    private FlightEncoderAccess() {}

    static int minInitialDatagram() {
        return io.jetstreamproto.crypto.internal.session.SessionConstants.MIN_INITIAL_DATAGRAM;
    }
}
