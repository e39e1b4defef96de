package io.jetstreamproto.crypto.internal.identity;

import java.util.List;
import java.util.Optional;

/** SSH-style trust on first use backed by a {@link KnownServers} store. */
final class TrustOnFirstUse implements ServerTrust {
    private final KnownServers store;

    TrustOnFirstUse(KnownServers store) {
        this.store = store;
    }

    @Override
    public TrustDecision check(String serverName, ServerPublicKeys keys) {
        Optional<ServerPublicKeys> known = store.lookup(serverName);
        if (known.isEmpty()) {
            if (store.rememberIfAbsent(serverName, keys)) {
                return TrustDecision.trust("first use: remembered " + keys.fingerprint() + " for " + serverName);
            }
            known = store.lookup(serverName); // raced with another connection: compare with what won
        }
        if (known.isPresent() && known.get().equals(keys)) {
            return TrustDecision.trust("known key " + keys.fingerprint());
        }
        return TrustDecision.reject("SERVER KEY CHANGED for " + serverName + ": expected "
                + known.map(ServerPublicKeys::fingerprint).orElse("?") + ", got " + keys.fingerprint()
                + ". If the change is legitimate, remove the entry from " + store.describe());
    }

    @Override
    public List<ServerPublicKeys> expectedKeys(String serverName) {
        return store.lookup(serverName).map(List::of).orElse(List.of());
    }

    @Override
    public String toString() {
        return "ServerTrust.trustOnFirstUse(" + store.describe() + ")";
    }
}
