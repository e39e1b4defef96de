package io.jetstreamproto.transport.internal.jfr;

import io.jetstreamproto.transport.CloseInfo;
import io.jetstreamproto.transport.ConnectionStats;
import io.jetstreamproto.transport.HandshakeInfo;
import java.net.InetSocketAddress;

/**
 * Commits the library's JFR events. Each method fills its event only when a recording enabled it, so that the cost
 * without JFR is one check per handshake or close (never per packet). The event classes stay private to this
 * package: the names ({@code io.jetstreamproto.*}) and fields are the contract, not the classes.
 */
public final class JfrEvents {
    private JfrEvents() {}

    public static void handshakeCompleted(InetSocketAddress remote, boolean client, HandshakeInfo handshake,
            long handshakeNanos) {
        HandshakeCompletedEvent e = new HandshakeCompletedEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.remoteAddress = String.valueOf(remote);
        e.client = client;
        e.cipherSuite = handshake.cipherSuite().name();
        e.authentication = handshake.authentication();
        e.retried = handshake.retried();
        e.handshakeTime = handshakeNanos;
        e.commit();
    }

    /** {@code handshakeNanos} 0 when unknown (a server handshake job that failed before it made a connection). */
    public static void handshakeFailed(InetSocketAddress remote, boolean client, CloseInfo info,
            long handshakeNanos) {
        HandshakeFailedEvent e = new HandshakeFailedEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.remoteAddress = String.valueOf(remote);
        e.client = client;
        e.closeReason = info.reason().name();
        e.errorCode = info.errorCode();
        e.phrase = info.phrase();
        e.byPeer = info.byPeer();
        e.handshakeTime = handshakeNanos;
        e.commit();
    }

    public static void connectionClosed(InetSocketAddress remote, boolean client, HandshakeInfo handshake,
            CloseInfo info, ConnectionStats stats, long lifetimeNanos) {
        ConnectionClosedEvent e = new ConnectionClosedEvent();
        if (!e.isEnabled()) {
            return;
        }
        e.remoteAddress = String.valueOf(remote);
        e.client = client;
        e.cipherSuite = handshake.cipherSuite().name();
        e.closeReason = info.reason().name();
        e.errorCode = info.errorCode();
        e.byPeer = info.byPeer();
        e.lifetime = lifetimeNanos;
        e.bytesSent = stats.bytesSent();
        e.bytesReceived = stats.bytesReceived();
        e.packetsLost = stats.packetsLost();
        e.smoothedRtt = stats.smoothedRttNanos();
        e.commit();
    }
}
