/** Hashing and key derivation: SHA-256, HMAC-SHA256, HKDF and TLS 1.3-style Expand-Label. */
package io.jetstreamproto.crypto.internal.kdf;
