package io.jetstreamproto.crypto.internal.identity;

import java.util.List;

/**
 * Decides whether a client trusts the server key presented in a handshake. Implementations must be
 * thread-safe. Use {@link #pinned} when the key is known in advance, {@link #trustOnFirstUse} for SSH-style
 * trust; {@link #insecureAcceptAnyServerKey()} disables authentication and exists for tests and demos only.
 */
public interface ServerTrust {

    /**
     * @param serverName the name the client connected to (host:port), used as the key of trust stores
     * @param keys       the keys the server proved possession of in this handshake
     */
    TrustDecision check(String serverName, ServerPublicKeys keys);

    /** Trusts exactly the given keys (any of them, to allow rotation). */
    static ServerTrust pinned(ServerPublicKeys... keys) {
        List<ServerPublicKeys> pins = List.of(keys);
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("at least one pinned key is required");
        }
        return new ServerTrust() {
            @Override
            public TrustDecision check(String serverName, ServerPublicKeys presented) {
                for (ServerPublicKeys pin : pins) {
                    if (pin.equals(presented)) {
                        return TrustDecision.trust("pinned key " + pin.fingerprint());
                    }
                }
                return TrustDecision.reject("server key " + presented.fingerprint() + " is not pinned for " + serverName);
            }

            @Override
            public List<ServerPublicKeys> expectedKeys(String serverName) {
                return pins;
            }

            @Override
            public java.util.Optional<byte[]> keyIdToAnnounce(String serverName) {
                return pins.size() == 1 ? java.util.Optional.of(pins.get(0).keyId()) : java.util.Optional.empty();
            }

            @Override
            public String toString() {
                return "ServerTrust.pinned" + pins;
            }
        };
    }

    /** SSH-style trust: the first key seen for a name is remembered in {@code store}; a different key later is refused. */
    static ServerTrust trustOnFirstUse(KnownServers store) {
        return new TrustOnFirstUse(store);
    }

    /** Accepts any server key: no server authentication at all. For tests and local demos only. */
    static ServerTrust insecureAcceptAnyServerKey() {
        return new ServerTrust() {
            @Override
            public TrustDecision check(String serverName, ServerPublicKeys keys) {
                return TrustDecision.trust("INSECURE: server key not verified (" + keys.fingerprint() + ")");
            }

            @Override
            public String toString() {
                return "ServerTrust.insecureAcceptAnyServerKey";
            }
        };
    }

    /**
     * Keys this trust policy expects for {@code serverName}, if it knows them in advance. The client announces
     * their key id in ClientHello and, when any expected key is hybrid, refuses a classical-only server (so an
     * attacker cannot strip the ML-DSA signature).
     */
    default List<ServerPublicKeys> expectedKeys(String serverName) {
        return List.of();
    }

    /**
     * The server key id to put in ClientHello, so a server with several keys picks the expected one. Pinning one
     * key announces it; trust on first use announces nothing, so that a changed key is reported as changed rather
     * than as an unknown key id.
     */
    default java.util.Optional<byte[]> keyIdToAnnounce(String serverName) {
        return java.util.Optional.empty();
    }
}
