package io.jetstreamproto.transport;

import io.jetstreamproto.crypto.internal.identity.KnownServers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How a client decides whether to trust the key a server presents: pinned keys, trust on first use with a
 * known-servers file (like SSH), or — only where the name says so — anything. Immutable and thread-safe.
 */
public final class ServerTrust {
    private final io.jetstreamproto.crypto.internal.identity.ServerTrust internal;

    private ServerTrust(io.jetstreamproto.crypto.internal.identity.ServerTrust internal) {
        this.internal = internal;
    }

    /**
     * Trusts only these keys (for example the server's, distributed with the application).
     *
     * @param keys the accepted keys; at least one
     * @return the trust policy
     */
    public static ServerTrust pinned(ServerKeys... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("pin at least one key");
        }
        return new ServerTrust(io.jetstreamproto.crypto.internal.identity.ServerTrust.pinned(
                Arrays.stream(keys).map(ServerKeys::internal)
                        .toArray(io.jetstreamproto.crypto.internal.identity.ServerPublicKeys[]::new)));
    }

    /**
     * Trust on first use: the first key a server name presents is remembered in {@code knownServers}; a different
     * key later is refused ("SERVER KEY CHANGED"). The key is stored only after its handshake has completed.
     *
     * @param knownServers the file of remembered keys (created when missing)
     * @return the trust policy
     * @throws IOException if the file exists and cannot be read or parsed
     */
    public static ServerTrust trustOnFirstUse(Path knownServers) throws IOException {
        return new ServerTrust(io.jetstreamproto.crypto.internal.identity.ServerTrust.trustOnFirstUse(
                KnownServers.file(knownServers)));
    }

    /**
     * Trust on first use with {@link Connection#DEFAULT_KNOWN_SERVERS}.
     *
     * @return the trust policy
     * @throws IOException if the file exists and cannot be read or parsed
     */
    public static ServerTrust trustOnFirstUse() throws IOException {
        return trustOnFirstUse(Connection.DEFAULT_KNOWN_SERVERS);
    }

    /**
     * Accepts any server key: the connection is encrypted but an active attacker can impersonate the server. Only for
     * tests and demos on trusted networks.
     *
     * @return the trust policy
     */
    public static ServerTrust insecureAcceptAnyServerKey() {
        return new ServerTrust(io.jetstreamproto.crypto.internal.identity.ServerTrust.insecureAcceptAnyServerKey());
    }

    io.jetstreamproto.crypto.internal.identity.ServerTrust internal() {
        return internal;
    }

    @Override
    public String toString() {
        return internal.toString();
    }
}
