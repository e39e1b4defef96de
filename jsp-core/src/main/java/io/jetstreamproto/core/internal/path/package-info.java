/**
 * Network paths of a connection: the peer address a connection sends to, whether that address is validated, and
 * the anti-amplification budget that applies until it is (RFC 9000 §8, §9). Connection ids, not addresses, identify
 * a connection; a path is what an address change creates.
 */
package io.jetstreamproto.core.internal.path;
