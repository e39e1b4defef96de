package io.jetstreamproto.crypto.internal.handshake;

import java.util.Optional;

/** Server-side lookup of external pre-shared keys by id. Must be thread-safe. */
@FunctionalInterface
public interface PskStore {
    /** A copy of the key named {@code id} (the caller wipes it), or empty. */
    Optional<byte[]> lookup(byte[] id);

    /** A store that knows no keys. */
    static PskStore none() {
        return id -> Optional.empty();
    }
}
