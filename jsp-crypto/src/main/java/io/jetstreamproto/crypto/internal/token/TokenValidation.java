package io.jetstreamproto.crypto.internal.token;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;

/**
 * Result of validating a retry token.
 *
 * @param outcome    what was found
 * @param originalDcid the original destination id the token carries, when {@link Outcome#VALID}
 */
public record TokenValidation(Outcome outcome, ConnectionId originalDcid) {
    /** Validation outcomes; all but VALID mean the client's address is not validated. */
    public enum Outcome { VALID, MALFORMED, UNKNOWN_EPOCH, BAD_MAC, EXPIRED, FROM_THE_FUTURE }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    static TokenValidation invalid(Outcome o) {
        return new TokenValidation(o, null);
    }
}
