package io.jetstreamproto.crypto.internal.protection;

/** Outcome of opening a protected packet. Everything but {@link #OK} means: drop the packet and count it. */
public enum OpenStatus {
    /** Authenticated and new: the plaintext is in place. */
    OK,
    /** Already received (replay or network duplicate). */
    DUPLICATE,
    /** Older than the replay window. */
    TOO_OLD,
    /** The AEAD tag did not verify (forged, corrupted, or for a key we do not have). */
    AUTHENTICATION_FAILED,
    /** Protected with a previous key whose grace period is over. */
    KEY_DISCARDED,
    /** The receive key reached its integrity limit: the connection must close. */
    INTEGRITY_LIMIT_REACHED,
    /** Protection is not (yet) available, e.g. 1-RTT data before the handshake is confirmed. */
    NO_KEY
}
