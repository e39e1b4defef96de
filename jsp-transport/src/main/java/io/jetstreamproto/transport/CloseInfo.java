package io.jetstreamproto.transport;

/**
 * How a connection ended.
 *
 * @param reason    the close reason
 * @param errorCode refines {@link CloseReason#PROTOCOL_ERROR} (a protocol or handshake error code, docs/PROTOCOL.md
 *                  §9), else 0
 * @param phrase    a human-readable explanation (never secret data)
 * @param byPeer    whether the peer closed (true) or this endpoint did (false)
 */
public record CloseInfo(CloseReason reason, long errorCode, String phrase, boolean byPeer) {
    @Override
    public String toString() {
        return reason + (errorCode != 0 ? " (0x" + Long.toHexString(errorCode) + ")" : "")
                + (phrase.isEmpty() ? "" : ": " + phrase) + (byPeer ? " [by peer]" : " [local]");
    }
}
