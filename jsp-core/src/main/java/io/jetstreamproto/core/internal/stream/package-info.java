/**
 * The stream layer of the sans-IO core (docs/PROTOCOL.md §8.2–§8.5): stream ids, message fragmentation and
 * reassembly, the four delivery modes, per-stream flow control, and the weighted scheduler that shares the
 * connection among streams.
 *
 * <p>{@link io.jetstreamproto.core.internal.stream.SendStream} and {@link io.jetstreamproto.core.internal.stream.ReceiveStream}
 * are the two halves of a stream; the engine turns their {@link io.jetstreamproto.core.internal.stream.Fragment}s and
 * signal records into frames and back, and reports packet acknowledgements and losses per fragment.
 * {@link io.jetstreamproto.core.internal.stream.StreamScheduler} picks the stream that sends next. Everything here is a
 * pure, single-threaded state machine: no clock, no I/O; every method that takes or returns a
 * {@link io.netty.buffer.ByteBuf} documents who releases it.
 */
package io.jetstreamproto.core.internal.stream;
