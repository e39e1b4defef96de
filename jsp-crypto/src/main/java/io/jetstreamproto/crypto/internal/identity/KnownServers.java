package io.jetstreamproto.crypto.internal.identity;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trust-on-first-use store: server name → public keys. Either in memory or backed by a text file with one
 * line per server, {@code <host:port> ed25519:<hex>[ mldsa65:<hex>]} (the format of {@link ServerPublicKeys#encode()}),
 * like SSH's known_hosts. Thread-safe.
 */
public final class KnownServers {
    /** One monitor per known-servers file in this process (see {@link #file}). */
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Map<String, ServerPublicKeys> entries = new LinkedHashMap<>();
    private final Path file;

    private KnownServers(Path file) {
        this.file = file;
    }

    /** A store that forgets everything when the process ends. */
    public static KnownServers inMemory() {
        return new KnownServers(null);
    }

    /**
     * A store persisted in {@code file}; the file is created on first write.
     *
     * <p>Several stores (in this process or others) may share one file, as every {@code Connection.connect} with the
     * default trust does: an entry is added under a lock ({@code <file>.lock} beside it, kept for the next writer),
     * after reading the file again, so two first connections to the same server at once record one line, and the
     * second compares its key with the one the first recorded. The file is replaced atomically (written to
     * {@code <file>.tmp}, then renamed), so a reader never sees half a line.
     *
     * @param file the known-servers file
     * @return the store with the file's entries
     * @throws IOException if the file exists and cannot be read or has a malformed line
     */
    public static KnownServers file(Path file) throws IOException {
        KnownServers k = new KnownServers(file);
        if (Files.exists(file)) {
            k.entries.putAll(read(file));
        }
        return k;
    }

    private static Map<String, ServerPublicKeys> read(Path file) throws IOException {
        Map<String, ServerPublicKeys> result = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0) {
                throw new IOException(file + ":" + lineNo + ": expected '<host:port> ed25519:<hex>'");
            }
            try {
                result.putIfAbsent(line.substring(0, space), ServerPublicKeys.parse(line.substring(space + 1)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    public synchronized Optional<ServerPublicKeys> lookup(String serverName) {
        return Optional.ofNullable(entries.get(serverName));
    }

    /**
     * Records {@code keys} for {@code serverName} unless an entry exists, here or (for a file store) in the file as it
     * is now; returns whether it was added. When another store sharing the file recorded the server first, this store
     * takes that entry (so {@link #lookup} returns it) and returns false.
     *
     * @param serverName {@code host:port}, without whitespace
     * @param keys the server's public keys
     * @return true if this call recorded the entry
     * @throws java.io.UncheckedIOException if the file cannot be read or written (nothing is recorded then)
     */
    public synchronized boolean rememberIfAbsent(String serverName, ServerPublicKeys keys) {
        if (serverName.isEmpty() || serverName.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("server name must be non-empty without whitespace");
        }
        if (entries.containsKey(serverName)) {
            return false;
        }
        if (file == null) {
            entries.put(serverName, keys);
            return true;
        }
        try {
            return appendLocked(serverName, keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record known server in " + file, e);
        }
    }

    /** Under the process-wide and the file lock: re-reads the file, and rewrites it with the new line if still absent. */
    private boolean appendLocked(String serverName, ServerPublicKeys keys) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // FileChannel.lock excludes other processes only: threads of this one queue on an object per file
        synchronized (LOCKS.computeIfAbsent(target, p -> new Object())) {
            try (FileChannel lockChannel = FileChannel.open(target.resolveSibling(target.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                byte[] current = Files.exists(target) ? Files.readAllBytes(target) : new byte[0];
                Map<String, ServerPublicKeys> onDisk = Files.exists(target) ? read(target) : Map.of();
                ServerPublicKeys winner = onDisk.get(serverName);
                if (winner != null) {
                    entries.put(serverName, winner);
                    return false;
                }
                String line = serverName + " " + keys.encode() + "\n";
                boolean needsNewline = current.length > 0 && current[current.length - 1] != '\n';
                Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
                try {
                    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                        out.write(current);
                        if (needsNewline) {
                            out.write('\n');
                        }
                        out.write(line.getBytes(StandardCharsets.UTF_8));
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                entries.put(serverName, keys);
                return true;
            }
        }
    }

    public synchronized List<String> serverNames() {
        return List.copyOf(entries.keySet());
    }

    String describe() {
        return file == null ? "the in-memory known-servers store" : file.toString();
    }
}
