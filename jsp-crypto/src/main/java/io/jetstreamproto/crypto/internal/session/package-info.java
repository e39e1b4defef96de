/**
 * Secure sessions, sans-IO: the client and server handshake drivers that carry handshake messages in Initial and
 * Handshake packets (padding, fragmentation, flight retransmission, Version Negotiation, Retry, anti-amplification),
 * the server's {@link io.jetstreamproto.crypto.internal.session.InitialPacketGate} for packets of no connection yet, and the
 * in-band re-handshake. They end in a {@link io.jetstreamproto.crypto.internal.protection.PacketProtection} for 1-RTT packets.
 */
package io.jetstreamproto.crypto.internal.session;
