package io.jetstreamproto.crypto.internal.packet;

/**
 * A decoded long header of an Initial or Handshake packet.
 *
 * @param type          {@link PacketType#INITIAL} or {@link PacketType#HANDSHAKE}
 * @param version       the protocol version
 * @param dcid          destination connection id
 * @param scid          source connection id
 * @param token         address-validation token (Initial only; empty otherwise)
 * @param packetNumber  the explicit 64-bit packet number
 * @param headerStart   absolute index of the first header byte in the datagram
 * @param headerLength  bytes from the first header byte through the packet number (the AEAD associated data)
 * @param payloadLength bytes after the packet number (frames, plus the AEAD tag for Handshake packets)
 */
public record LongHeader(PacketType type, int version, ConnectionId dcid, ConnectionId scid, byte[] token,
        long packetNumber, int headerStart, int headerLength, int payloadLength) {

    /** Absolute index of the first payload byte. */
    public int payloadStart() {
        return headerStart + headerLength;
    }

    /** Absolute index just past this packet (the next coalesced packet starts here). */
    public int packetEnd() {
        return payloadStart() + payloadLength;
    }
}
