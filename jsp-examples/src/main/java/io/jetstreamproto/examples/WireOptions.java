package io.jetstreamproto.examples;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.transport.ConnectionStats;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options of every client and server command that change what goes on the wire: forward error correction
 * ({@code --fec}) and LZ4 compression ({@code --compress}). FEC is used only when both sides enable it; compression is
 * used by whichever side enables it (every peer can decompress).
 */
final class WireOptions {
    @Option(names = "--fec", paramLabel = "K:M|adaptive", arity = "0..1", fallbackValue = "10:2",
            converter = FecConverter.class, preprocessor = FecPreprocessor.class,
            description = "Forward error correction: after every K data packets send M repair packets, so up to M "
                    + "losses per group are rebuilt by the receiver without a retransmission. --fec alone is 10:2; "
                    + "'adaptive' (or adaptive:K:M) picks the parity from the loss the peer reports, none on a clean "
                    + "path, up to 10 (or M). Used only when both sides enable it (servers too). Default: off.")
    Fec fec;

    @Option(names = "--compress",
            description = "LZ4-compress the messages this side sends (each message of at least 512 bytes that shrinks;"
                    + " a stream of incompressible data stops trying). The peer needs no option to decompress.")
    boolean compress;

    /** A parsed {@code --fec} value: k data shards, m parity shards (the maximum when adaptive). */
    record Fec(int dataShards, int parityShards, boolean adaptive) {
        static final Fec DEFAULT = new Fec(10, 2, false);
        static final Fec ADAPTIVE = new Fec(10, 10, true);

        @Override
        public String toString() {
            return adaptive ? "adaptive " + dataShards + ":0.." + parityShards : dataShards + ":" + parityShards;
        }
    }

    private static final Pattern FIXED = Pattern.compile("(\\d{1,3}):(\\d{1,3})");
    private static final Pattern ADAPTIVE = Pattern.compile("adaptive(?::(\\d{1,3}):(\\d{1,3}))?");

    /** "K:M", "adaptive" or "adaptive:K:M", with K and M in 1..64 (the limits of ConnectionConfig). */
    static final class FecConverter implements ITypeConverter<Fec> {
        @Override
        public Fec convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Matcher a = ADAPTIVE.matcher(v);
            if (a.matches()) {
                return a.group(1) == null ? Fec.ADAPTIVE : check(a.group(1), a.group(2), true, value);
            }
            Matcher f = FIXED.matcher(v);
            if (f.matches()) {
                return check(f.group(1), f.group(2), false, value);
            }
            throw new TypeConversionException("expected K:M (e.g. 10:2), 'adaptive' or adaptive:K:M, got '" + value
                    + "'");
        }

        private static Fec check(String k, String m, boolean adaptive, String value) {
            int dk = Integer.parseInt(k);
            int pm = Integer.parseInt(m);
            if (dk < 1 || dk > 64 || pm < 1 || pm > 64) {
                throw new TypeConversionException("K and M must be between 1 and 64, got '" + value + "'");
            }
            return new Fec(dk, pm, adaptive);
        }
    }

    /**
     * Decides whether the word after a bare {@code --fec} is its value or the command's next argument (a file to send,
     * a server address): it is the value if it looks like one (K:M, adaptive...) or like a mistyped one (a plain word
     * that names no file), so {@code send --fec big.iso} sends big.iso with FEC 10:2 while {@code --fec bogus} is a
     * usage error. {@code --fec=VALUE} always takes VALUE.
     */
    static final class FecPreprocessor implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec,
                Map<String, Object> info) {
            if (" ".equals(info.get("separator")) && (args.isEmpty() || !valueLike(args.peek()))) {
                args.push(Fec.DEFAULT.dataShards() + ":" + Fec.DEFAULT.parityShards());
            }
            return false; // picocli goes on and converts the value
        }

        static boolean valueLike(String next) {
            String v = next.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("adaptive") || FIXED.matcher(v).matches()) {
                return true;
            }
            if (v.isEmpty() || v.startsWith("-") || v.contains(".") || v.contains("/") || v.contains(":")
                    || v.contains("\\")) {
                return false;
            }
            try {
                return !Files.exists(Path.of(next));
            } catch (InvalidPathException e) {
                return true;
            }
        }
    }

    /** {@code base} with the selected FEC and compression. */
    ConnectionConfig apply(ConnectionConfig base) {
        return apply(base, fec, compress);
    }

    static ConnectionConfig apply(ConnectionConfig base, Fec fec, boolean compress) {
        ConnectionConfig.Builder b = base.toBuilder().compression(compress);
        if (fec == null) {
            b.fecEnabled(false);
        } else {
            b.fecEnabled(true).fecDataShards(fec.dataShards()).fecParityShards(fec.parityShards())
                    .fecAdaptive(fec.adaptive());
        }
        return b.build();
    }

    /** One line on what this side asked for, e.g. "FEC 10:2 (used if the peer enables FEC too), LZ4 on". */
    String describe() {
        return (fec == null ? "FEC off" : "FEC " + fec + " (used if the peer enables FEC too)")
                + ", LZ4 " + (compress ? "on for what this side sends" : "off for what this side sends");
    }

    /**
     * What FEC and compression did on a connection, from its counters: e.g.
     * "FEC 10:2: 120 repair packets sent (140.2 KiB), 7 packets recovered, parity now 2; LZ4: 3 of 130 messages
     * compressed". The repair counters are this side's sending, "recovered" counts the peer's packets rebuilt here.
     */
    static String summary(ConnectionConfig config, ConnectionStats s) {
        StringBuilder b = new StringBuilder();
        if (!config.fecEnabled()) {
            b.append("FEC off");
        } else {
            String mode = config.fecAdaptive()
                    ? "adaptive " + config.fecDataShards() + ":0.." + config.fecParityShards()
                    : config.fecDataShards() + ":" + config.fecParityShards();
            boolean used = s.fecParityShards() > 0 || s.repairPacketsSent() > 0 || s.packetsRecovered() > 0;
            if (!used && !config.fecAdaptive()) {
                b.append("FEC ").append(mode).append(" requested but NOT negotiated (the peer did not enable FEC)");
            } else {
                b.append(String.format(Locale.ROOT, "FEC %s: %d repair packets sent (%s), %d packets recovered, "
                        + "parity now %d", mode, s.repairPacketsSent(), kib(s.repairBytesSent()),
                        s.packetsRecovered(), s.fecParityShards()));
                if (!used) {
                    b.append(" (no repair needed so far, or the peer did not enable FEC)");
                }
            }
        }
        b.append("; ");
        if (!config.compression() && s.messagesCompressed() == 0) {
            b.append("LZ4 off");
        } else {
            b.append(String.format(Locale.ROOT, "LZ4: %d of %d messages compressed", s.messagesCompressed(),
                    s.messagesSent()));
        }
        return b.toString();
    }

    static String kib(long bytes) {
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
