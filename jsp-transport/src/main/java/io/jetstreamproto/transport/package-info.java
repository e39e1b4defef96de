/**
 * The public API: {@link io.jetstreamproto.transport.Connection}, {@link io.jetstreamproto.transport.Listener},
 * {@link io.jetstreamproto.transport.Stream}, {@link io.jetstreamproto.transport.Message} and the typed exceptions.
 * Configuration and vocabulary types ({@code ConnectionConfig}, {@code DeliveryMode}, {@code Priority},
 * {@code CloseReason}) live in {@code io.jetstreamproto.core}; identities and trust in
 * {@code io.jetstreamproto.crypto.internal.identity}.
 */
package io.jetstreamproto.transport;
