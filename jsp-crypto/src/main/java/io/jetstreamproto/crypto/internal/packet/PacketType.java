package io.jetstreamproto.crypto.internal.packet;

/** The kinds of packet on the wire (docs/PROTOCOL.md §3). */
public enum PacketType {
    /** Long header, cleartext CRYPTO frames carrying ClientHello/ServerHello. */
    INITIAL(0),
    /** Long header, protected with handshake keys: ServerAuth, Finished messages, HANDSHAKE_DONE. */
    HANDSHAKE(1),
    /** Long header, stateless address-validation challenge from the server. */
    RETRY(2),
    /** Long header with version 0: the server's list of supported versions. */
    VERSION_NEGOTIATION(-1),
    /** Short header, protected with application (1-RTT) keys. */
    ONE_RTT(-1);

    private final int longTypeBits;

    PacketType(int longTypeBits) {
        this.longTypeBits = longTypeBits;
    }

    /** The two type bits of a long header (bits 5..4 of the first byte), or -1 if not applicable. */
    public int longTypeBits() {
        return longTypeBits;
    }

    static PacketType fromLongTypeBits(int bits) {
        return switch (bits) {
            case 0 -> INITIAL;
            case 1 -> HANDSHAKE;
            case 2 -> RETRY;
            default -> throw new PacketFormatException("reserved long packet type " + bits);
        };
    }
}
