package io.jetstreamproto.examples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters and formatting helpers shared by the example commands. */
final class Cli {
    private Cli() {}

    /** Where servers listen unless told otherwise: this machine only. */
    static final String DEFAULT_LISTEN_HOST = "127.0.0.1";

    /**
     * Parses "host:port" or "[v6]:port" without resolving; port 0 is allowed only when {@code listen}, and a listen
     * address may be a bare port (on {@link #DEFAULT_LISTEN_HOST}).
     */
    static InetSocketAddress parseAddress(String text, boolean listen) {
        if (text == null || text.isBlank()) {
            throw new TypeConversionException("expected host:port, got an empty value");
        }
        if (listen && text.chars().allMatch(Character::isDigit)) {
            text = DEFAULT_LISTEN_HOST + ":" + text;
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new TypeConversionException("IPv6 addresses are written [address]:port, got '" + text + "'");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new TypeConversionException("expected host:port (IPv6 as [address]:port), got '" + text + "'");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("bad port '" + port + "' in '" + text + "'");
        }
        if (p < (listen ? 0 : 1) || p > 65535) {
            throw new TypeConversionException("port out of range in '" + text + "'");
        }
        return InetSocketAddress.createUnresolved(host, p);
    }

    /** Resolves an address parsed by {@link #parseAddress}; a name that does not resolve is a clear error. */
    static InetSocketAddress resolve(InetSocketAddress a) throws ExampleException {
        InetSocketAddress r = new InetSocketAddress(a.getHostString(), a.getPort());
        if (r.isUnresolved()) {
            throw new ExampleException("cannot resolve host '" + a.getHostString() + "'");
        }
        return r;
    }

    /** The address to connect to. */
    static final class ConnectAddress implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return parseAddress(value, false);
        }
    }

    /** The address to listen on (port 0 = any free port). */
    static final class ListenAddress implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return parseAddress(value, true);
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h|d)?");

    /** "500ms", "5s", "2m", "1h", "7d", or a bare number of seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("expected a duration such as 500ms, 5s or 2m, got '" + value + "'");
            }
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> n;
                case "s" -> n * 1000;
                case "m", "min" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n * 86_400_000;
            };
            if (millis < 1) {
                throw new TypeConversionException("duration must be at least 1 ms, got '" + value + "'");
            }
            return Duration.ofMillis((long) millis);
        }
    }

    /** Sizes such as 1024, 64k, 1KiB, 8M, 1G (binary multiples). */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher m = Pattern.compile("(\\d+)\\s*([kmg]?)(?:i?b)?").matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("expected a size such as 1024, 64k or 8M, got '" + value + "'");
            }
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            return n << shift;
        }
    }

    /** Only "udp" exists today; the others are named so the error can say they are not there yet. */
    static final class TransportConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("udp")) {
                return v;
            }
            if (v.equals("tcp") || v.equals("quic") || v.equals("websocket") || v.equals("ws")) {
                throw new TypeConversionException("transport '" + value
                        + "' is not yet supported: only 'udp' is implemented");
            }
            throw new TypeConversionException("unknown transport '" + value + "' (only 'udp' is supported)");
        }
    }

    /** Throws the picocli exception that prints the usage and exits with code 2. */
    static CommandLine.ParameterException usageError(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String rate(long bytes, long nanos) {
        double s = Math.max(nanos, 1) / 1e9;
        return String.format(Locale.ROOT, "%.1f MiB/s (%.1f Mbit/s)", bytes / 1048576.0 / s, bytes * 8 / s / 1e6);
    }

    /** "10 s", "2 min": a duration for people (not Duration's "PT10S"). */
    static String human(java.time.Duration d) {
        return io.jetstreamproto.crypto.internal.util.Durations.human(d);
    }

    /**
     * {@code text} cut to what a CONNECTION_CLOSE phrase carries (256 bytes of UTF-8), on a character boundary.
     */
    static String phrase(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length <= 256) {
            return text;
        }
        int end = 253;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // not inside a multi-byte character
        }
        return new String(b, 0, end, java.nio.charset.StandardCharsets.UTF_8) + "...";
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
