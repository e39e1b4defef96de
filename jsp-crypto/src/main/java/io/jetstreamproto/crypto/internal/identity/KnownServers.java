package io.jetstreamproto.crypto.internal.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trust-on-first-use store: server name → public keys. Either in memory or backed by a text file with one
 * line per server, {@code <host:port> ed25519:<hex>[ mldsa65:<hex>]} (the format of {@link ServerPublicKeys#encode()}),
 * like SSH's known_hosts. Thread-safe.
 */
public final class KnownServers {
    private final Map<String, ServerPublicKeys> entries = new LinkedHashMap<>();
    private final Path file;

    private KnownServers(Path file) {
        this.file = file;
    }

    /** A store that forgets everything when the process ends. */
    public static KnownServers inMemory() {
        return new KnownServers(null);
    }

    /** A store persisted in {@code file}; the file is created on first write. */
    public static KnownServers file(Path file) throws IOException {
        KnownServers k = new KnownServers(file);
        if (Files.exists(file)) {
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
                    k.entries.put(line.substring(0, space), ServerPublicKeys.parse(line.substring(space + 1)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        return k;
    }

    public synchronized Optional<ServerPublicKeys> lookup(String serverName) {
        return Optional.ofNullable(entries.get(serverName));
    }

    /** Records {@code keys} for {@code serverName} unless an entry exists; returns whether it was added. */
    public synchronized boolean rememberIfAbsent(String serverName, ServerPublicKeys keys) {
        if (serverName.isEmpty() || serverName.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("server name must be non-empty without whitespace");
        }
        if (entries.containsKey(serverName)) {
            return false;
        }
        entries.put(serverName, keys);
        if (file != null) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, serverName + " " + keys.encode() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                entries.remove(serverName);
                throw new UncheckedIOException("cannot record known server in " + file, e);
            }
        }
        return true;
    }

    public synchronized List<String> serverNames() {
        return List.copyOf(entries.keySet());
    }

    String describe() {
        return file == null ? "the in-memory known-servers store" : file.toString();
    }
}
