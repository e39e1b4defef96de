package io.jetstreamproto.transport;

import java.net.InetSocketAddress;

/** Parsing of "host:port", "ipv4:port" and "[ipv6]:port" addresses. */
final class Addresses {
    private Addresses() {}

    /** Parses and resolves {@code text}; throws IllegalArgumentException naming what is wrong. */
    static InetSocketAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address must be host:port");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("IPv6 addresses are written [address]:port, got " + text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("address must be host:port (IPv6 as [address]:port), got " + text);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + text);
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port out of range in " + text);
        }
        return new InetSocketAddress(host, p);
    }

    /** The name trust stores use: the host as the user wrote it, and the port. */
    static String serverName(InetSocketAddress a) {
        String h = a.getHostString();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
