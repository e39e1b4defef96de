package io.jetstreamproto.transport;

import java.util.Objects;

/**
 * A server's public identity: its Ed25519 key and, in hybrid mode, its ML-DSA-65 key. Public data, safe to print and
 * to hand to clients (pin it with {@link ServerTrust#pinned}). {@link #encode()} and {@link #parse} round-trip.
 */
public final class ServerKeys {
    private final io.jetstreamproto.crypto.internal.identity.ServerPublicKeys internal;

    ServerKeys(io.jetstreamproto.crypto.internal.identity.ServerPublicKeys internal) {
        this.internal = Objects.requireNonNull(internal);
    }

    /**
     * Parses the text form {@link #encode()} produces.
     *
     * @param text the encoded keys
     * @return the keys
     * @throws IllegalArgumentException if the text is not an encoding of server keys
     */
    public static ServerKeys parse(String text) {
        return new ServerKeys(io.jetstreamproto.crypto.internal.identity.ServerPublicKeys.parse(text));
    }

    /**
     * The text form: the key type(s) and base64url-encoded keys, one line.
     *
     * @return the encoding
     */
    public String encode() {
        return internal.encode();
    }

    /**
     * The fingerprint users compare: "SHA256:" and the base64 SHA-256 of the keys (as SSH shows them).
     *
     * @return the fingerprint
     */
    public String fingerprint() {
        return internal.fingerprint();
    }

    /**
     * Whether the server also signs with ML-DSA-65 (post-quantum authentication).
     *
     * @return true for hybrid keys
     */
    public boolean isHybrid() {
        return internal.mlDsa65().isPresent();
    }

    io.jetstreamproto.crypto.internal.identity.ServerPublicKeys internal() {
        return internal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerKeys k && k.internal.equals(internal);
    }

    @Override
    public int hashCode() {
        return internal.hashCode();
    }

    @Override
    public String toString() {
        return internal.toString();
    }
}
