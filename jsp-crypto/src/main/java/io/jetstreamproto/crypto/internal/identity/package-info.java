/**
 * Long-term identities and trust: the server's signing keys, their public form and fingerprint, and the
 * client's trust policies (pinned keys, trust on first use, an explicitly insecure mode).
 */
package io.jetstreamproto.crypto.internal.identity;
