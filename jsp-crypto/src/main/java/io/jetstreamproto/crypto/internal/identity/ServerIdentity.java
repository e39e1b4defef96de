package io.jetstreamproto.crypto.internal.identity;

import io.jetstreamproto.crypto.internal.sign.Ed25519;
import io.jetstreamproto.crypto.internal.sign.MlDsa65;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import javax.security.auth.Destroyable;

/**
 * A server's long-term signing identity: an Ed25519 key and optionally an ML-DSA-65 key (hybrid mode).
 * Thread-safe for signing. {@link #destroy()} zeroes the private key bytes this object owns (best effort:
 * the JVM may have copied them).
 */
public final class ServerIdentity implements Destroyable {
    private static final String FILE_HEADER = "jsp-server-identity-v1";
    private static final String ED25519_PRIVATE = "ed25519-private:";
    private static final String MLDSA65_SEED = "mldsa65-seed:";
    private static final String PUBLIC_COMMENT = "# public:";
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

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
     * Loads the identity in {@code file}, or creates one there if the file does not exist: the way a server keeps the
     * key its clients remember (trust on first use) across restarts.
     *
     * <ul>
     *   <li>An existing file is read and validated: the format of {@link #save}, a 32-byte Ed25519 key, an optional
     *       32-byte ML-DSA-65 seed, and (if present) the recorded public keys must match the private ones. Anything
     *       else is an {@link IOException} that names the file and the problem; the file is never overwritten, since
     *       replacing it would change the server's identity under its clients.</li>
     *   <li>A missing file is created atomically: the new key is written to a temporary file in the same directory
     *       and linked into place only if {@code file} still does not exist, so a reader never sees a partial file and
     *       two processes starting at once end up with the same key (the second loads what the first wrote). Missing
     *       parent directories are created.</li>
     *   <li>Permissions: on file systems with POSIX permissions the file is created {@code rw-------} and new parent
     *       directories {@code rwx------} (owner only; the umask cannot widen them). Elsewhere (Windows) the file gets
     *       the directory's default access control: keep it in a directory only the server's account can read.</li>
     * </ul>
     *
     * @param file where the identity is kept
     * @param random the randomness for a new key (only used if the file does not exist)
     * @param hybrid whether a new key gets an ML-DSA-65 key beside Ed25519; an existing file keeps the mode it has
     * @return the loaded or new identity, owned by the caller ({@link #destroy()} it when done)
     * @throws IOException if the file cannot be read or created, or is not a valid identity file
     */
    public static ServerIdentity loadOrCreate(Path file, RandomSource random, boolean hybrid) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        Path dir = file.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        ServerIdentity created = generate(random, hybrid);
        Path tmp = created.writeTemporary(dir);
        try {
            try {
                Files.createLink(file, tmp); // atomic, and fails if the file appeared meanwhile
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                if (noHardLinks instanceof FileAlreadyExistsException) {
                    throw (FileAlreadyExistsException) noHardLinks;
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE); // no hard links here: rename instead
            }
            return created;
        } catch (FileAlreadyExistsException raced) {
            created.destroy(); // another process created it first: use its key
            return load(file);
        } catch (IOException | RuntimeException e) {
            created.destroy();
            throw e;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes the private identity to {@code file}, replacing it atomically if it exists (a temporary file in the same
     * directory is renamed over it). The file is created with owner-only permissions where the file system supports
     * POSIX permissions; see {@link #loadOrCreate} for the rest.
     *
     * @param file where to write
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        checkLive();
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = writeTemporary(dir);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file content in a new owner-only temporary file in {@code dir}; the caller moves or deletes it. */
    private Path writeTemporary(Path dir) throws IOException {
        checkLive();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".jsp-identity-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, ".jsp-identity-", ".tmp");
        }
        byte[] content = encodeFile();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true); // on disk before it is linked into place
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            Secrets.wipe(content);
        }
    }

    private byte[] encodeFile() {
        byte[] seed = mlDsa == null ? null : mlDsa.seed();
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        byte[] ed = null;
        byte[] sd = null;
        try {
            ascii(out, "# JetStreamProto server identity. PRIVATE KEY MATERIAL: keep this file secret.\n");
            ascii(out, FILE_HEADER + "\n");
            ascii(out, ED25519_PRIVATE + " ");
            ed = hex(ed25519Private);
            out.write(ed, 0, ed.length);
            ascii(out, "\n");
            if (seed != null) {
                ascii(out, MLDSA65_SEED + " ");
                sd = hex(seed);
                out.write(sd, 0, sd.length);
                ascii(out, "\n");
            }
            ascii(out, PUBLIC_COMMENT + " " + publicKeys.encode() + "\n");
            return out.toByteArray();
        } finally {
            Secrets.wipe(seed, ed, sd);
            // the stream's internal buffer holds the key too: overwrite it through reset + zeros
            int size = out.size();
            out.reset();
            out.write(new byte[size], 0, size);
        }
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    private static byte[] hex(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = (byte) Character.forDigit((bytes[i] >> 4) & 0xF, 16);
            out[2 * i + 1] = (byte) Character.forDigit(bytes[i] & 0xF, 16);
        }
        return out;
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Reads an identity written by {@link #save} or {@link #loadOrCreate}, validating it (see {@link #loadOrCreate}).
     *
     * @param file the identity file
     * @return the identity, owned by the caller
     * @throws IOException if the file cannot be read or is not a valid identity file (the message says why)
     */
    public static ServerIdentity load(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        byte[] ed = null;
        byte[] seed = null;
        try {
            boolean header = false;
            String recordedPublic = null;
            int lineNo = 0;
            for (int start = 0; start < content.length; ) {
                int end = start;
                while (end < content.length && content[end] != '\n') {
                    end++;
                }
                lineNo++;
                int from = start;
                int to = end;
                start = end + 1;
                while (from < to && isSpace(content[from])) {
                    from++;
                }
                while (to > from && isSpace(content[to - 1])) {
                    to--;
                }
                if (from == to) {
                    continue;
                }
                if (startsWith(content, from, to, PUBLIC_COMMENT)) {
                    recordedPublic = new String(content, from + PUBLIC_COMMENT.length(), to - from
                            - PUBLIC_COMMENT.length(), StandardCharsets.US_ASCII).trim();
                } else if (content[from] == '#') {
                    continue;
                } else if (startsWith(content, from, to, FILE_HEADER) && to - from == FILE_HEADER.length()) {
                    header = true;
                } else if (startsWith(content, from, to, ED25519_PRIVATE)) {
                    Secrets.wipe(ed);
                    ed = parseKey(file, lineNo, content, from + ED25519_PRIVATE.length(), to, "Ed25519 private key");
                } else if (startsWith(content, from, to, MLDSA65_SEED)) {
                    Secrets.wipe(seed);
                    seed = parseKey(file, lineNo, content, from + MLDSA65_SEED.length(), to, "ML-DSA-65 seed");
                } else {
                    throw corrupt(file, "unrecognised line " + lineNo);
                }
            }
            if (!header) {
                throw corrupt(file, "no '" + FILE_HEADER + "' line (not a server identity file, or an unknown version)");
            }
            if (ed == null) {
                throw corrupt(file, "no '" + ED25519_PRIVATE + "' line");
            }
            ServerIdentity identity = fromPrivateKeys(ed, seed);
            if (recordedPublic != null && !recordedPublic.equals(identity.publicKeys().encode())) {
                identity.destroy();
                throw corrupt(file, "the private key does not match the public key recorded in the file (damaged?)");
            }
            return identity;
        } finally {
            Secrets.wipe(content, ed, seed);
        }
    }

    private static byte[] parseKey(Path file, int lineNo, byte[] b, int from, int to, String what) throws IOException {
        while (from < to && isSpace(b[from])) {
            from++;
        }
        if (to - from != 64) {
            throw corrupt(file, "line " + lineNo + ": the " + what + " must be 64 hex digits (32 bytes)");
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = Character.digit(b[from + 2 * i], 16);
            int lo = Character.digit(b[from + 2 * i + 1], 16);
            if (hi < 0 || lo < 0) {
                Secrets.wipe(out);
                throw corrupt(file, "line " + lineNo + ": the " + what + " is not hexadecimal");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static IOException corrupt(Path file, String why) {
        return new IOException(file + " is not a valid JetStreamProto server identity file: " + why
                + ". It was left as it is; move it away to create a new key (clients that remember the old key will "
                + "then refuse the server until their known_servers entry is removed)");
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
