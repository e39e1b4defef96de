package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;

/**
 * A complete ClientHello that passed the {@link InitialPacketGate}: everything the server needs to start a
 * {@link ServerSession}.
 *
 * @param version           version of the client's Initial packets
 * @param originalDcid      destination id of the client's very first Initial (from the token after a Retry)
 * @param dcid              destination id of the Initials that carried this ClientHello
 * @param clientScid        the client's connection id
 * @param retryScid         the source id of our Retry, when the client came back with a token; else null
 * @param addressValidated  whether a valid token proved the client's address
 * @param clientHello       the complete ClientHello message
 * @param bytesReceived     datagram bytes received from the client so far (anti-amplification budget)
 */
public record ClientInitial(int version, ConnectionId originalDcid, ConnectionId dcid, ConnectionId clientScid,
        ConnectionId retryScid, boolean addressValidated, byte[] clientHello, int bytesReceived) {

    @Override
    public String toString() {
        return "ClientInitial[odcid=" + originalDcid + ", scid=" + clientScid + ", validated=" + addressValidated
                + ", " + clientHello.length + " bytes]";
    }
}
