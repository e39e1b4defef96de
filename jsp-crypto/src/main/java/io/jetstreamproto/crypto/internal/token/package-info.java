/**
 * Denial-of-service defences for the transport to use: stateless retry tokens, the Retry integrity tag and the
 * 3x anti-amplification accountant (docs/PROTOCOL.md §6).
 */
package io.jetstreamproto.crypto.internal.token;
