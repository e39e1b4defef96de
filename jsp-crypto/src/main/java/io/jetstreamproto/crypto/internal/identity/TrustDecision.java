package io.jetstreamproto.crypto.internal.identity;

/**
 * The outcome of checking a server's keys.
 *
 * @param trusted whether the handshake may continue
 * @param reason  a human-readable explanation (public data only)
 */
public record TrustDecision(boolean trusted, String reason) {
    public static TrustDecision trust(String reason) {
        return new TrustDecision(true, reason);
    }

    public static TrustDecision reject(String reason) {
        return new TrustDecision(false, reason);
    }
}
