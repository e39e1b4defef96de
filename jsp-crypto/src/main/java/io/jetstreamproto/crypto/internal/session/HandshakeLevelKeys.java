package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.jetstreamproto.crypto.internal.packet.LongHeader;
import io.jetstreamproto.crypto.internal.protection.PacketKey;
import io.jetstreamproto.crypto.internal.protection.ReplayWindow;
import io.netty.buffer.ByteBuf;
import javax.security.auth.Destroyable;

/** Keys and replay window of the Handshake packet level for one endpoint. */
final class HandshakeLevelKeys implements Destroyable {
    private static final int WINDOW = ReplayWindow.MIN_SIZE;

    final PacketKey send;
    private final PacketKey receive;
    private final ReplayWindow window = new ReplayWindow(WINDOW);
    private boolean destroyed;

    HandshakeLevelKeys(SessionSecrets secrets, boolean isClient, AeadImplementation aead) {
        try {
            this.send = (isClient ? secrets.client() : secrets.server()).packetKey(aead);
            this.receive = (isClient ? secrets.server() : secrets.client()).packetKey(aead);
        } finally {
            secrets.destroy();
        }
    }

    /**
     * Opens the Handshake packet described by {@code header} in place; returns the plaintext length, or -1 for a
     * duplicate, too-old or unauthentic packet.
     */
    int open(ByteBuf datagram, LongHeader header) {
        ReplayWindow.Verdict v = window.check(header.packetNumber());
        if (v == ReplayWindow.Verdict.DUPLICATE || v == ReplayWindow.Verdict.TOO_OLD) {
            return -1;
        }
        int n = receive.open(header.packetNumber(), datagram, header.headerStart(), header.payloadStart(),
                header.payloadLength());
        if (n >= 0) {
            window.mark(header.packetNumber());
        }
        return n;
    }

    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            send.destroy();
            receive.destroy();
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
