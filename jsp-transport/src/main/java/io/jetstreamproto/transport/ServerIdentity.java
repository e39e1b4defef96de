package io.jetstreamproto.transport;

import io.jetstreamproto.transport.internal.TransportResources;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A server's private signing key(s): Ed25519, and optionally ML-DSA-65 as well (hybrid, post-quantum
 * authentication). Keep it secret; clients verify its {@link #publicKeys()}. A server that keeps the same identity
 * across restarts (load it from a file) is what lets clients pin or remember its key.
 */
public final class ServerIdentity implements AutoCloseable {
    private final io.jetstreamproto.crypto.internal.identity.ServerIdentity internal;

    private ServerIdentity(io.jetstreamproto.crypto.internal.identity.ServerIdentity internal) {
        this.internal = internal;
    }

    /**
     * A fresh Ed25519 identity from a secure random source.
     *
     * @return the identity
     */
    public static ServerIdentity generate() {
        return generate(false);
    }

    /**
     * A fresh identity from a secure random source.
     *
     * @param hybrid also an ML-DSA-65 key (handshakes carry both signatures: larger, post-quantum)
     * @return the identity
     */
    public static ServerIdentity generate(boolean hybrid) {
        TransportResources r = TransportResources.acquireShared();
        try {
            return new ServerIdentity(io.jetstreamproto.crypto.internal.identity.ServerIdentity.generate(r.random(),
                    hybrid));
        } finally {
            r.release();
        }
    }

    /**
     * Loads an identity saved with {@link #save}.
     *
     * @param file the key file
     * @return the identity
     * @throws IOException if the file cannot be read or holds no valid identity
     */
    public static ServerIdentity load(Path file) throws IOException {
        return new ServerIdentity(io.jetstreamproto.crypto.internal.identity.ServerIdentity.load(file));
    }

    /**
     * The identity in {@code file}, or a new one saved there if the file does not exist: what a server needs to keep
     * its key across restarts, so that clients that pinned or remembered it keep connecting. A new file is written
     * atomically and readable by its owner only (POSIX permissions {@code rw-------}); concurrent callers all end up
     * with the same key. An existing file is validated (its recorded public key must match) and never overwritten.
     *
     * @param file   the key file (its directory must exist)
     * @param hybrid when a new identity is made: also an ML-DSA-65 key
     * @return the identity
     * @throws IOException if the file cannot be read or written, or holds no valid identity
     */
    public static ServerIdentity loadOrCreate(Path file, boolean hybrid) throws IOException {
        TransportResources r = TransportResources.acquireShared();
        try {
            return new ServerIdentity(io.jetstreamproto.crypto.internal.identity.ServerIdentity.loadOrCreate(file,
                    r.random(), hybrid));
        } finally {
            r.release();
        }
    }

    /**
     * {@link #loadOrCreate(Path, boolean)} with an Ed25519 identity for a new file.
     *
     * @param file the key file
     * @return the identity
     * @throws IOException if the file cannot be read or written, or holds no valid identity
     */
    public static ServerIdentity loadOrCreate(Path file) throws IOException {
        return loadOrCreate(file, false);
    }

    /**
     * Saves the private key(s) to {@code file}, readable by the owner only where the file system supports it.
     *
     * @param file the key file (replaced if it exists)
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        internal.save(file);
    }

    /**
     * The public keys clients verify.
     *
     * @return the public keys
     */
    public ServerKeys publicKeys() {
        return new ServerKeys(internal.publicKeys());
    }

    /**
     * How it authenticates: "ED25519", or "HYBRID" (Ed25519 and ML-DSA-65).
     *
     * @return the mode
     */
    public String mode() {
        return String.valueOf(internal.mode());
    }

    /** Zeroes the private keys; the identity cannot sign afterwards. Idempotent. */
    public void destroy() {
        internal.destroy();
    }

    /** Same as {@link #destroy()}. */
    @Override
    public void close() {
        destroy();
    }

    io.jetstreamproto.crypto.internal.identity.ServerIdentity internal() {
        return internal;
    }

    /** Public information only: the fingerprint and mode. */
    @Override
    public String toString() {
        return internal.toString();
    }
}
