/**
 * Packet-level forward error correction for JSP: the erasure-code abstraction and its Reed-Solomon adapter,
 * the repair-packet header codec, the sans-IO group encoder (sender) and decoder (receiver), and the adaptive
 * parity controller.
 *
 * <p>FEC protects <em>sealed</em> packets: the sender feeds already-encrypted packets to {@link
 * io.jetstreamproto.fec.internal.FecEncoder}, the receiver feeds received packets to {@link io.jetstreamproto.fec.internal.FecDecoder}
 * and gets back missing sealed packets, which still go through AEAD open, so forged parity can at worst produce a
 * packet that fails authentication. The wire format of repair shards is specified in {@code docs/fec-wire.md}.
 *
 * <p>Nothing here reads a clock, opens a socket or draws randomness: time is a parameter, so the classes can be
 * driven by a simulated network with a virtual clock. Encoder and decoder are not thread-safe (one per connection
 * direction, used from the connection's event loop); {@link io.jetstreamproto.fec.internal.ErasureCode} instances and
 * {@link io.jetstreamproto.fec.internal.AdaptiveParityController#expectedRecoveredFraction} are safe to share.
 */
package io.jetstreamproto.fec.internal;
