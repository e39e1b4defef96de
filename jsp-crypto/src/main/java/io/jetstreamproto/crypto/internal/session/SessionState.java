package io.jetstreamproto.crypto.internal.session;

/** Lifecycle of a secure session. */
public enum SessionState {
    /** Handshake messages are being exchanged. */
    HANDSHAKING,
    /** 1-RTT keys are installed. A client may send application data; the server has verified ClientFinished. */
    ESTABLISHED,
    /** Both sides know the handshake completed (client: HANDSHAKE_DONE or an authenticated 1-RTT packet). */
    CONFIRMED,
    /** The handshake failed; {@code failure()} says why. */
    FAILED
}
