/**
 * Connection-level flow control (docs/PROTOCOL.md §8.5), the model of QUIC's (RFC 9000 §4).
 *
 * <p>{@link io.jetstreamproto.core.internal.flow.SendCredit} is the sending side: the peer's MAX_DATA limit against
 * the bytes this endpoint has committed over all its streams. {@link io.jetstreamproto.core.internal.flow.ReceiveWindow}
 * is the receiving side: the MAX_DATA limit this endpoint advertises, checked against the sum of the highest
 * offsets received on all streams, and extended as the application consumes data. Per-stream limits live in
 * the stream classes of {@code io.jetstreamproto.core.internal.stream}, which share one instance of each of these per
 * connection. Pure state machines: no clock, no I/O, single-threaded.
 */
package io.jetstreamproto.core.internal.flow;
