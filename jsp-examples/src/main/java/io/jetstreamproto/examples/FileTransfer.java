package io.jetstreamproto.examples;

import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.DeliveryMode;
import io.jetstreamproto.transport.Priority;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.ConnectionClosedException;
import io.jetstreamproto.transport.Message;
import io.jetstreamproto.transport.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongFunction;

/**
 * The file transfer protocol of the examples, on one RELIABLE stream opened by the sender. Every message starts with a
 * type byte:
 * <ul>
 *   <li>{@code H} size (8 bytes) and file name (UTF-8): the header, first;</li>
 *   <li>{@code D} up to 64 KiB of file content, in order;</li>
 *   <li>{@code E} the SHA-256 (32 bytes) of the content, last;</li>
 *   <li>{@code O} (receiver to sender) the hash matched and the file is in place, or {@code F} and a reason.</li>
 * </ul>
 * The file is streamed: the sender reads a chunk at a time and the blocking send waits while the send buffer is full
 * (backpressure); the receiver writes each chunk to a temporary file in the target directory and renames it to the
 * final name only after the size and the hash matched.
 */
final class FileTransfer {
    static final int CHUNK = 64 * 1024;
    static final byte HEADER = 'H';
    static final byte DATA = 'D';
    static final byte END = 'E';
    static final byte OK = 'O';
    static final byte FAIL = 'F';

    private FileTransfer() {}

    /** What was transferred; {@code stats} are this side's counters when the transfer was complete. */
    record Result(String name, long bytes, long nanos, String sha256, ConnectionStats stats) {}

    /** Sends {@code input} on a new stream of {@code c} and waits until the receiver confirmed the hash. */
    static Result send(Connection c, Path input, LongFunction<Progress> progressFor, PrintStream status)
            throws ExampleException, InterruptedException {
        long size;
        try {
            size = Files.size(input);
        } catch (IOException e) {
            throw new ExampleException("cannot read " + input + ": " + e.getMessage(), e);
        }
        MessageDigest sha = sha256();
        long start = System.nanoTime();
        long sent = 0;
        try (InputStream in = Files.newInputStream(input)) {
            Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.BULK);
            String name = input.getFileName().toString();
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            s.send(ByteBuffer.allocate(1 + 8 + nameBytes.length).put(HEADER).putLong(size).put(nameBytes).array());
            byte[] buf = new byte[1 + CHUNK];
            buf[0] = DATA;
            try (Progress progress = progressFor.apply(size)) {
                while (true) {
                    int n = in.readNBytes(buf, 1, CHUNK);
                    if (n <= 0) {
                        break;
                    }
                    sha.update(buf, 1, n);
                    s.send(n == CHUNK ? buf : Arrays.copyOf(buf, 1 + n)); // blocks while the send buffer is full
                    sent += n;
                    progress.update(sent);
                }
            }
            if (sent != size) {
                throw new ExampleException(input + " changed size during the transfer (" + size + " -> " + sent
                        + " bytes)");
            }
            byte[] digest = sha.digest();
            byte[] end = new byte[33];
            end[0] = END;
            System.arraycopy(digest, 0, end, 1, 32);
            s.send(end);
            if (status != null) {
                status.println("all data handed to the connection; waiting for the receiver to confirm the SHA-256...");
            }
            // the receiver answers once everything arrived and was verified; a dead receiver closes the connection
            // through the heartbeat timeout, so this wait is bounded without a fixed limit of our own
            while (true) {
                Message m = c.receive();
                if (m.streamId() != s.id() || m.data().length == 0) {
                    continue;
                }
                if (m.data()[0] == OK) {
                    return new Result(name, sent, System.nanoTime() - start, HexFormat.of().formatHex(digest),
                            c.stats());
                }
                if (m.data()[0] == FAIL) {
                    throw new ExampleException("the receiver refused the file: "
                            + new String(m.data(), 1, m.data().length - 1, StandardCharsets.UTF_8));
                }
            }
        } catch (ConnectionClosedException e) {
            throw new ExampleException("transfer failed after " + Cli.mib(sent) + ": connection closed: "
                    + ClientOptions.describe(e.info(), null), e);
        } catch (IOException e) {
            throw new ExampleException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * Receives one file from {@code c} into {@code output}: written to a temporary file next to it, renamed only after
     * size and SHA-256 matched. On failure the temporary file is deleted and the sender is told why.
     */
    static Result receive(Connection c, Path output, PrintStream out, LongFunction<Progress> progressFor)
            throws ExampleException, InterruptedException {
        Path dir = output.toAbsolutePath().getParent();
        Path tmp;
        try {
            // not createTempFile: that makes the file owner-only, and the final file should get the usual umask
            tmp = dir.resolve("." + output.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
            Files.createFile(tmp);
        } catch (IOException e) {
            throw new ExampleException("cannot create a temporary file in " + dir + ": " + e.getMessage(), e);
        }
        Thread cleanup = new Thread(() -> deleteQuietly(tmp)); // Ctrl-C during the transfer
        Runtime.getRuntime().addShutdownHook(cleanup);
        long streamId = -1;
        long received = 0;
        try {
            Message first = c.receive();
            byte[] h = first.data();
            if (h.length < 9 || h[0] != HEADER) {
                throw refuse(c, first.streamId(), "protocol error: the first message is not a file header");
            }
            streamId = first.streamId();
            ByteBuffer hb = ByteBuffer.wrap(h, 1, h.length - 1);
            long size = hb.getLong();
            String name = new String(h, 9, h.length - 9, StandardCharsets.UTF_8);
            if (size < 0) {
                throw refuse(c, streamId, "protocol error: negative size");
            }
            out.println("receiving '" + name + "' (" + size + " bytes, " + Cli.mib(size) + ") into " + output);
            MessageDigest sha = sha256();
            long start = System.nanoTime();
            byte[] expected = null;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    Progress progress = progressFor.apply(size)) {
                while (expected == null) {
                    Message m = c.receive();
                    byte[] d = m.data();
                    if (m.streamId() != streamId || d.length == 0) {
                        continue;
                    }
                    if (d[0] == DATA) {
                        received += d.length - 1;
                        if (received > size) {
                            throw refuse(c, streamId, "more data than announced (" + size + " bytes)");
                        }
                        sha.update(d, 1, d.length - 1);
                        ByteBuffer bb = ByteBuffer.wrap(d, 1, d.length - 1);
                        while (bb.hasRemaining()) {
                            ch.write(bb);
                        }
                        progress.update(received);
                    } else if (d[0] == END && d.length == 33) {
                        expected = Arrays.copyOfRange(d, 1, 33);
                    } else {
                        throw refuse(c, streamId, "protocol error: unexpected message type " + d[0]);
                    }
                }
                ch.force(true);
            } catch (IOException e) {
                throw refuse(c, streamId, "cannot write " + tmp + ": " + e.getMessage());
            }
            if (received != size) {
                throw refuse(c, streamId, "size mismatch: announced " + size + " bytes, received " + received);
            }
            byte[] actual = sha.digest();
            if (!MessageDigest.isEqual(actual, expected)) {
                throw refuse(c, streamId, "SHA-256 mismatch: sender " + HexFormat.of().formatHex(expected)
                        + ", received " + HexFormat.of().formatHex(actual));
            }
            try {
                try {
                    Files.move(tmp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw refuse(c, streamId, "cannot rename the verified file to " + output + ": " + e.getMessage());
            }
            // counters now: once it has our answer the sender closes, and a closed connection has no stats
            ConnectionStats stats = c.stats();
            c.sendOnStream(streamId, new byte[] {OK});
            return new Result(name, received, System.nanoTime() - start, HexFormat.of().formatHex(actual), stats);
        } catch (ConnectionClosedException e) {
            throw new ExampleException("transfer incomplete after " + Cli.mib(received) + ": connection closed: "
                    + ClientOptions.describe(e.info(), null) + "; nothing was written to " + output, e);
        } finally {
            deleteQuietly(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /** Tells the sender why (best effort) and returns the exception to throw. */
    private static ExampleException refuse(Connection c, long streamId, String reason) throws InterruptedException {
        if (streamId >= 0) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] m = new byte[1 + r.length];
            m[0] = FAIL;
            System.arraycopy(r, 0, m, 1, r.length);
            try {
                c.sendOnStream(streamId, m);
            } catch (ConnectionClosedException ignored) {
                // the sender is gone; our own message says what happened
            }
        }
        return new ExampleException("transfer failed: " + reason);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
