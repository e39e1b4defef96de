package io.jetstreamproto.transport;

import io.jetstreamproto.transport.internal.Loggers;
import io.jetstreamproto.transport.internal.jfr.JfrEvents;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What one connection tells the log and JFR about its life: handshake done or failed, path changes, close. Called on
 * the connection's loop at those moments only (never per packet), with public facts only: addresses, suite, reason,
 * counters — no keys, no payload.
 */
final class ConnectionObserver {
    private static final Logger LOG = Loggers.CONNECTION;

    private final boolean client;
    private final long createdNanos;

    ConnectionObserver(boolean client, long createdNanos) {
        this.client = client;
        this.createdNanos = createdNanos;
    }

    private String side() {
        return client ? "to" : "from";
    }

    void established(InetSocketAddress remote, HandshakeInfo handshake) {
        long nanos = System.nanoTime() - createdNanos;
        if (LOG.isDebugEnabled()) {
            LOG.debug("connection {} {} established in {} ms: {}, {}{}", side(), remote,
                    TimeUnit.NANOSECONDS.toMillis(nanos), handshake.cipherSuite(), handshake.authentication(),
                    handshake.retried() ? ", after a Retry" : "");
        }
        JfrEvents.handshakeCompleted(remote, client, handshake, nanos);
    }

    void pathChanged(InetSocketAddress from, InetSocketAddress to, boolean validated) {
        LOG.debug("connection path changed from {} to {} ({})", from, to, validated ? "validated" : "not validated yet");
    }

    /** {@code handshake} is null when the connection closed before its handshake completed. */
    void closed(InetSocketAddress remote, HandshakeInfo handshake, CloseInfo info, ConnectionStats stats) {
        long nanos = System.nanoTime() - createdNanos;
        String by = info.byPeer() ? "peer" : "this side";
        if (handshake == null) {
            // refused, timed out, or rejected: expected on a public network, so not above DEBUG
            LOG.debug("handshake {} {} failed after {} ms: {} (0x{}) by {}: {}", side(), remote,
                    TimeUnit.NANOSECONDS.toMillis(nanos), info.reason(), Long.toHexString(info.errorCode()), by,
                    printable(info.phrase()));
            JfrEvents.handshakeFailed(remote, client, info, nanos);
            return;
        }
        if (LOG.isInfoEnabled()) {
            LOG.info("connection {} {} closed by {}: {}{}{} after {} ms, {} bytes sent, {} received", side(), remote,
                    by, info.reason(), info.errorCode() != 0 ? " (0x" + Long.toHexString(info.errorCode()) + ")" : "",
                    info.phrase().isEmpty() ? "" : " \"" + printable(info.phrase()) + "\"",
                    TimeUnit.NANOSECONDS.toMillis(nanos), stats.bytesSent(), stats.bytesReceived());
        }
        JfrEvents.connectionClosed(remote, client, handshake, info, stats, nanos);
    }

    /** The peer chooses the phrase: control characters would let it forge log lines, so they are escaped. */
    static String printable(String phrase) {
        StringBuilder b = null;
        for (int i = 0; i < phrase.length(); i++) {
            char c = phrase.charAt(i);
            if (Character.isISOControl(c)) {
                if (b == null) {
                    b = new StringBuilder(phrase.length() + 8).append(phrase, 0, i);
                }
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? phrase : b.toString();
    }
}
