package io.jetstreamproto.examples;

import io.jetstreamproto.transport.CloseReason;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongFunction;

/**
 * The file transfer protocol of the examples, on one RELIABLE stream opened by the sender. Every message starts with a
 * type byte:
 * <ul>
 *   <li>{@code H} size (8 bytes) and file name (UTF-8): the header, first (sender);</li>
 *   <li>{@code P} offset (8 bytes) and the SHA-256 (32 bytes) of the first {@code offset} bytes of the receiver's
 *       partial file from an interrupted transfer, offset 0 if it has none (receiver);</li>
 *   <li>{@code S} start (8 bytes): where the content that follows begins, the receiver's offset if the sender's file
 *       starts with the same bytes, else 0 (sender);</li>
 *   <li>{@code D} up to 64 KiB of file content, in order, from the start (sender);</li>
 *   <li>{@code E} the SHA-256 (32 bytes) of the whole content, last (sender);</li>
 *   <li>{@code O} the hash matched and the file is in place (receiver).</li>
 * </ul>
 * A side that cannot go on closes the connection with {@link CloseReason#APPLICATION_ERROR} and a phrase that says
 * why; the other side prints it. The receiver writes into {@link Partial#path a partial file} next to the target and
 * renames it to the final name only after size and hash matched; an interrupted transfer leaves the partial file for
 * the next attempt, so sending the same file again continues where the verified prefix ends.
 */
final class FileTransfer {
    static final int CHUNK = 64 * 1024;
    static final byte HEADER = 'H';
    static final byte PARTIAL = 'P';
    static final byte START = 'S';
    static final byte DATA = 'D';
    static final byte END = 'E';
    static final byte OK = 'O';

    /** How often a waiting sender updates its progress from the acknowledgements. */
    private static final Duration POLL = Duration.ofMillis(250);

    private FileTransfer() {}

    /**
     * What was transferred; {@code resumedFrom} bytes were already at the receiver from an interrupted transfer;
     * {@code stats} are this side's counters when the transfer was complete.
     */
    record Result(String name, long bytes, long resumedFrom, long nanos, String sha256, ConnectionStats stats) {}

    /**
     * Sends {@code input} on a new stream of {@code c} and waits until the receiver confirmed the hash. Progress counts
     * the bytes the receiver acknowledged (handed to the connection minus {@link Connection#bufferedBytes()}).
     */
    static Result send(Connection c, Path input, LongFunction<Progress> progressFor, PrintStream status)
            throws ExampleException, InterruptedException {
        long size;
        try {
            size = Files.size(input);
        } catch (IOException e) {
            throw new ExampleException("cannot read " + input + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        long handed = 0;
        long[] acked = {0};
        try (InputStream in = Files.newInputStream(input)) {
            Stream s = c.openStream(DeliveryMode.RELIABLE, Priority.BULK);
            String name = input.getFileName().toString();
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            s.send(ByteBuffer.allocate(1 + 8 + nameBytes.length).put(HEADER).putLong(size).put(nameBytes).array());

            byte[] p = awaitMessage(c, s.id(), PARTIAL, 1 + 8 + 32);
            long offset = ByteBuffer.wrap(p, 1, 8).getLong();
            MessageDigest sha = sha256();
            long from = 0;
            if (offset > 0 && offset <= size) {
                byte[] buf = new byte[CHUNK];
                for (long left = offset; left > 0; ) {
                    int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
                    if (n <= 0) {
                        break;
                    }
                    sha.update(buf, 0, n);
                    left -= n;
                }
                if (MessageDigest.isEqual(digestSoFar(sha), Arrays.copyOfRange(p, 9, 41))) {
                    from = offset;
                } else {
                    sha.reset(); // the receiver's partial file is of another file: start over
                }
            }
            boolean reread = offset > 0 && from == 0;
            if (from > 0 && status != null) {
                status.println("resuming: the receiver already has the first " + Cli.mib(from) + " (SHA-256 matched)");
            }
            s.send(ByteBuffer.allocate(9).put(START).putLong(from).array());
            handed = from;
            acked[0] = from;
            try (InputStream data = reread ? Files.newInputStream(input) : in;
                    Progress progress = progressFor.apply(size)) {
                progress.update(from);
                byte[] buf = new byte[1 + CHUNK];
                buf[0] = DATA;
                while (true) {
                    int n = data.readNBytes(buf, 1, CHUNK);
                    if (n <= 0) {
                        break;
                    }
                    sha.update(buf, 1, n);
                    s.send(n == CHUNK ? buf : Arrays.copyOf(buf, 1 + n)); // blocks while the send buffer is full
                    handed += n;
                    progress.update(acknowledged(c, handed, acked));
                }
                if (handed != size) {
                    String why = input + " changed size during the transfer (" + size + " -> " + handed + " bytes)";
                    c.close(CloseReason.APPLICATION_ERROR, Cli.phrase("the sender's file changed during the transfer"));
                    throw new ExampleException(why);
                }
                byte[] digest = sha.digest();
                byte[] end = new byte[33];
                end[0] = END;
                System.arraycopy(digest, 0, end, 1, 32);
                s.send(end);
                // the receiver answers once everything arrived and was verified; a dead receiver closes the
                // connection through the heartbeat timeout, so this wait is bounded without a limit of our own
                boolean told = false;
                while (true) {
                    Message m = c.receive(POLL);
                    progress.update(acknowledged(c, handed, acked));
                    if (!told && acked[0] >= size && status != null) {
                        told = true;
                        status.println("all data acknowledged; waiting for the receiver to verify the SHA-256...");
                    }
                    if (m == null) {
                        continue;
                    }
                    if (m.streamId() == s.id() && m.data().length == 1 && m.data()[0] == OK) {
                        progress.update(size);
                        return new Result(name, size, from, System.nanoTime() - start,
                                HexFormat.of().formatHex(digest), c.stats());
                    }
                }
            }
        } catch (ConnectionClosedException e) {
            throw new ExampleException("transfer failed after " + Cli.mib(acked[0]) + " of " + Cli.mib(size)
                    + " were acknowledged: " + ClientOptions.describe(e.info(), null), e);
        } catch (IOException e) {
            c.close(CloseReason.APPLICATION_ERROR, Cli.phrase("the sender cannot read its file"));
            throw new ExampleException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * Bytes handed to the connection minus those it still holds unacknowledged, remembered in {@code acked[0]} (a
     * closed connection holds nothing, so the last value before the close is what the receiver got).
     */
    private static long acknowledged(Connection c, long handed, long[] acked) {
        if (c.isOpen()) {
            acked[0] = Math.max(acked[0], handed - c.bufferedBytes());
        }
        return acked[0];
    }

    private static byte[] digestSoFar(MessageDigest sha) {
        try {
            return ((MessageDigest) sha.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message on {@code streamId} of type {@code type} and {@code length} bytes; other messages are skipped. */
    private static byte[] awaitMessage(Connection c, long streamId, byte type, int length)
            throws ConnectionClosedException, InterruptedException, ExampleException {
        while (true) {
            Message m = c.receive();
            if (m.streamId() != streamId || m.data().length == 0) {
                continue;
            }
            if (m.data()[0] == type && m.data().length == length) {
                return m.data();
            }
            c.close(CloseReason.APPLICATION_ERROR, "protocol error: unexpected message type " + m.data()[0]);
            throw new ExampleException("protocol error: unexpected message type " + m.data()[0] + " from the peer");
        }
    }

    /**
     * Receives one file from {@code c} into {@code output}: written to {@link Partial#path the partial file} next to
     * it, renamed only after size and SHA-256 matched. If the connection ends early the partial file stays for the
     * next attempt; if the content is wrong it is deleted. Failures close the connection with the reason.
     */
    static Result receive(Connection c, Path output, PrintStream out, LongFunction<Progress> progressFor)
            throws ExampleException, InterruptedException {
        long streamId = -1;
        long received = 0;
        long size = -1;
        Partial partial = null;
        try {
            Message first = c.receive();
            byte[] h = first.data();
            if (h.length < 9 || h[0] != HEADER) {
                throw refuse(c, "protocol error: the first message is not a file header");
            }
            streamId = first.streamId();
            size = ByteBuffer.wrap(h, 1, 8).getLong();
            String name = new String(h, 9, h.length - 9, StandardCharsets.UTF_8);
            if (size < 0) {
                throw refuse(c, "protocol error: negative size");
            }
            out.println("receiving '" + name + "' (" + size + " bytes, " + Cli.mib(size) + ") into " + output);
            try {
                partial = Partial.open(output, size);
            } catch (IOException e) {
                throw refuse(c, "the receiver cannot create " + Partial.path(output).getFileName() + " in "
                        + output.toAbsolutePath().getParent() + ": " + e.getMessage());
            }
            c.sendOnStream(streamId, ByteBuffer.allocate(1 + 8 + 32).put(PARTIAL).putLong(partial.length)
                    .put(partial.prefixSha256()).array());
            byte[] st = awaitMessage(c, streamId, START, 9);
            long from = ByteBuffer.wrap(st, 1, 8).getLong();
            if (from != 0 && from != partial.length) {
                throw refuse(c, "protocol error: the sender starts at " + from + ", the receiver has "
                        + partial.length);
            }
            if (from == 0 && partial.length > 0) {
                out.println("the partial file from an earlier attempt does not match this file: starting over");
            } else if (from > 0) {
                out.println("resuming after the first " + Cli.mib(from) + " from an interrupted transfer");
            }
            try {
                partial.startAt(from);
            } catch (IOException e) {
                throw refuse(c, "the receiver cannot write " + partial.path.getFileName() + ": " + e.getMessage());
            }
            received = from;
            long start = System.nanoTime();
            byte[] expected = null;
            try (Progress progress = progressFor.apply(size)) {
                progress.update(received);
                while (expected == null) {
                    Message m = c.receive();
                    byte[] d = m.data();
                    if (m.streamId() != streamId || d.length == 0) {
                        continue;
                    }
                    if (d[0] == DATA) {
                        if (received + d.length - 1 > size) {
                            partial.discard();
                            throw refuse(c, "more data than announced (" + size + " bytes)");
                        }
                        try {
                            partial.append(d, 1, d.length - 1);
                        } catch (IOException e) {
                            throw refuse(c, "the receiver cannot write " + partial.path.getFileName() + ": "
                                    + e.getMessage());
                        }
                        received += d.length - 1;
                        progress.update(received);
                    } else if (d[0] == END && d.length == 33) {
                        expected = Arrays.copyOfRange(d, 1, 33);
                    } else {
                        throw refuse(c, "protocol error: unexpected message type " + d[0]);
                    }
                }
            }
            if (received != size) {
                partial.discard();
                throw refuse(c, "size mismatch: announced " + size + " bytes, received " + received);
            }
            byte[] actual = partial.sha256();
            if (!MessageDigest.isEqual(actual, expected)) {
                partial.discard(); // a wrong prefix must not be resumed
                throw refuse(c, "SHA-256 mismatch: sender " + HexFormat.of().formatHex(expected) + ", received "
                        + HexFormat.of().formatHex(actual));
            }
            try {
                partial.commit();
            } catch (IOException e) {
                throw refuse(c, "the receiver cannot rename the verified file to " + output.getFileName() + ": "
                        + e.getMessage());
            }
            // counters now: once it has our answer the sender closes, and a closed connection has no stats
            ConnectionStats stats = c.stats();
            c.sendOnStream(streamId, new byte[] {OK});
            return new Result(name, received - from, from, System.nanoTime() - start,
                    HexFormat.of().formatHex(actual), stats);
        } catch (ConnectionClosedException e) {
            String kept = partial != null && partial.kept()
                    ? "; kept the first " + Cli.mib(partial.length()) + " in " + partial.path
                            + ": send the same file again to resume"
                    : "; nothing was written to " + output;
            throw new ExampleException("transfer incomplete after " + Cli.mib(received) + ": "
                    + ClientOptions.describe(e.info(), null) + kept, e);
        } finally {
            if (partial != null) {
                partial.close();
            }
        }
    }

    /** Closes the connection with the reason (the sender prints it) and returns the exception to throw. */
    private static ExampleException refuse(Connection c, String reason) {
        c.close(CloseReason.APPLICATION_ERROR, Cli.phrase(reason));
        return new ExampleException("transfer failed: " + reason);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The receiver's partial file, {@code .<name>.jsp-partial} beside the target: the verified-so-far prefix of the
     * file being received, locked while a receiver writes it, kept when a transfer is interrupted (so the next one
     * resumes), deleted when its content proved wrong, renamed to the target when complete.
     */
    static final class Partial implements AutoCloseable {
        static final String SUFFIX = ".jsp-partial";

        final Path path;
        private final Path target;
        private final FileChannel channel;
        private final MessageDigest sha;
        /** Bytes of the earlier attempt that may be resumed (offered to the sender). */
        final long length;
        private long written;
        private boolean done;

        static Path path(Path target) {
            return target.toAbsolutePath().resolveSibling("." + target.getFileName() + SUFFIX);
        }

        private Partial(Path target, FileChannel channel, MessageDigest sha, long length) {
            this.path = path(target);
            this.target = target;
            this.channel = channel;
            this.sha = sha;
            this.length = length;
            this.written = length;
        }

        /** Opens (or creates) the partial file for a file of {@code size} bytes and hashes what it already holds. */
        static Partial open(Path target, long size) throws IOException {
            Path p = path(target);
            FileChannel ch = FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
            try {
                if (ch.tryLock() == null) {
                    throw new IOException("another receiver is writing " + p);
                }
                long have = ch.size() <= size ? ch.size() : 0; // longer than the file: not a prefix of it
                MessageDigest sha = FileTransfer.sha256();
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                for (long pos = 0; pos < have; ) {
                    buf.clear();
                    int n = ch.read(buf, pos);
                    if (n <= 0) {
                        break;
                    }
                    sha.update(buf.array(), 0, n);
                    pos += n;
                }
                return new Partial(target, ch, sha, have);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        /** SHA-256 of the first {@link #length} bytes. */
        byte[] prefixSha256() {
            return digestSoFar(sha);
        }

        /** Continues after the prefix ({@code from == length}) or starts over ({@code from == 0}). */
        void startAt(long from) throws IOException {
            if (from == 0) {
                channel.truncate(0);
                sha.reset();
            }
            written = from;
            channel.position(from);
        }

        void append(byte[] b, int off, int len) throws IOException {
            ByteBuffer bb = ByteBuffer.wrap(b, off, len);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            sha.update(b, off, len);
            written += len;
        }

        long length() {
            return written;
        }

        byte[] sha256() {
            return sha.digest();
        }

        /** Whether the file stays for a resume. */
        boolean kept() {
            return !done && written > 0;
        }

        /** Flushes and renames the complete, verified file to the target. */
        void commit() throws IOException {
            channel.force(true);
            try {
                Files.move(path, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        }

        /** The content is wrong: no resume from it. */
        void discard() {
            done = true;
            deleteQuietly(path);
        }

        @Override
        public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException ignored) {
                // nothing to do
            }
            if (!done && written == 0) {
                deleteQuietly(path); // nothing worth resuming
            }
        }
    }

    /**
     * Deletes partial files of interrupted transfers in {@code dir} that were not touched for {@code keep}: this
     * receiver's ({@code .NAME.jsp-partial}) and those of earlier versions of it ({@code .NAME.HEX.part}). Younger ones
     * stay for a resume. Other files are never touched.
     */
    static void removeStalePartials(Path dir, Duration keep, PrintStream out) {
        long cutoff = System.currentTimeMillis() - keep.toMillis();
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                boolean ours = n.startsWith(".") && (n.endsWith(Partial.SUFFIX) && n.length() > Partial.SUFFIX.length() + 1
                        || STALE_OLD_FORMAT.matcher(n).matches());
                if (!ours || !Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    long modified = Files.getLastModifiedTime(p).toMillis();
                    if (modified < cutoff) {
                        Files.delete(p);
                        out.println("removed " + p.getFileName() + ": the partial file of a transfer interrupted "
                                + Cli.human(Duration.ofMillis(System.currentTimeMillis() - modified)
                                        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)) + " ago (--keep-partial "
                                + Cli.human(keep) + ")");
                    }
                } catch (IOException e) {
                    out.println("cannot remove the stale partial file " + p + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            out.println("cannot look for stale partial files in " + dir + ": " + e.getMessage());
        }
    }

    /** The hidden temporary files of the example's first version: {@code .NAME.<hex nanos>.part}. */
    private static final java.util.regex.Pattern STALE_OLD_FORMAT = java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.part");

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
