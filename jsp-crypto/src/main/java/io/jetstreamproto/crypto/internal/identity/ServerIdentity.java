package io.jetstreamproto.crypto.internal.identity;

import io.jetstreamproto.crypto.internal.sign.Ed25519;
import io.jetstreamproto.crypto.internal.sign.MlDsa65;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.Destroyable;

/**
 * A server's long-term signing identity: an Ed25519 key and optionally an ML-DSA-65 key (hybrid mode).
 * Thread-safe for signing. {@link #destroy()} zeroes the private key bytes this object owns (best effort:
 * the JVM may have copied them).
 */
public final class ServerIdentity implements Destroyable {
    private static final String FILE_HEADER = "jsp-server-identity-v1";

    private final byte[] ed25519Private;
    private final MlDsa65.KeyPair mlDsa;
    private final ServerPublicKeys publicKeys;
    private volatile boolean destroyed;

    private ServerIdentity(byte[] ed25519Private, MlDsa65.KeyPair mlDsa) {
        this.ed25519Private = ed25519Private;
        this.mlDsa = mlDsa;
        byte[] edPub = Ed25519.publicKey(ed25519Private);
        this.publicKeys = mlDsa == null ? ServerPublicKeys.ed25519(edPub)
                : ServerPublicKeys.hybrid(edPub, mlDsa.publicKey());
    }

    /** A fresh identity; {@code hybrid} adds an ML-DSA-65 key. */
    public static ServerIdentity generate(RandomSource random, boolean hybrid) {
        return new ServerIdentity(Ed25519.generatePrivateKey(random), hybrid ? MlDsa65.generateKeyPair(random) : null);
    }

    /** Rebuilds an identity from its private material (copied). */
    public static ServerIdentity fromPrivateKeys(byte[] ed25519Private, byte[] mlDsa65SeedOrNull) {
        if (ed25519Private.length != 32) {
            throw new IllegalArgumentException("Ed25519 private key must be 32 bytes");
        }
        return new ServerIdentity(ed25519Private.clone(),
                mlDsa65SeedOrNull == null ? null : MlDsa65.KeyPair.fromSeed(mlDsa65SeedOrNull));
    }

    public ServerPublicKeys publicKeys() {
        return publicKeys;
    }

    public AuthenticationMode mode() {
        return publicKeys.mode();
    }

    /** Ed25519 signature over {@code message}. */
    public byte[] signEd25519(byte[] message) {
        checkLive();
        return Ed25519.sign(ed25519Private, message);
    }

    /** ML-DSA-65 signature (empty context) over {@code message}; only in hybrid mode. */
    public byte[] signMlDsa65(byte[] message, RandomSource random) {
        checkLive();
        if (mlDsa == null) {
            throw new IllegalStateException("identity has no ML-DSA-65 key");
        }
        return MlDsa65.sign(mlDsa, message, random);
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("server identity destroyed");
        }
    }

    /**
     * Writes the private identity to {@code file} (created with owner-only permissions where the file system
     * supports POSIX permissions; an existing file is replaced).
     */
    public void save(Path file) throws IOException {
        checkLive();
        HexFormat hex = HexFormat.of();
        StringBuilder sb = new StringBuilder();
        sb.append("# JetStreamProto server identity. PRIVATE KEY MATERIAL: keep this file secret.\n");
        sb.append(FILE_HEADER).append('\n');
        sb.append("ed25519-private: ").append(hex.formatHex(ed25519Private)).append('\n');
        if (mlDsa != null) {
            byte[] seed = mlDsa.seed();
            sb.append("mldsa65-seed: ").append(hex.formatHex(seed)).append('\n');
            Secrets.wipe(seed);
        }
        sb.append("# public: ").append(publicKeys.encode()).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, sb, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads an identity written by {@link #save}. */
    public static ServerIdentity load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        byte[] ed = null;
        byte[] seed = null;
        boolean header = false;
        HexFormat hex = HexFormat.of();
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals(FILE_HEADER)) {
                header = true;
            } else if (line.startsWith("ed25519-private:")) {
                ed = hex.parseHex(line.substring("ed25519-private:".length()).trim());
            } else if (line.startsWith("mldsa65-seed:")) {
                seed = hex.parseHex(line.substring("mldsa65-seed:".length()).trim());
            } else {
                throw new IOException(file + ": unrecognised line in server identity file");
            }
        }
        if (!header || ed == null) {
            throw new IOException(file + " is not a JetStreamProto server identity file");
        }
        try {
            return fromPrivateKeys(ed, seed);
        } finally {
            Secrets.wipe(ed, seed);
        }
    }

    @Override
    public void destroy() {
        destroyed = true;
        Secrets.wipe(ed25519Private);
        if (mlDsa != null) {
            mlDsa.destroy();
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + publicKeys.fingerprint() + ", " + mode() + (destroyed ? ", destroyed" : "") + "]";
    }
}
