/**
 * Record protection: traffic secrets and packet keys, 1-RTT packet protection with key update, the replay window
 * (docs/PROTOCOL.md §7).
 */
package io.jetstreamproto.crypto.internal.protection;
