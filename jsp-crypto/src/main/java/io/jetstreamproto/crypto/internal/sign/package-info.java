/** Signatures for server authentication: Ed25519 and ML-DSA-65 (FIPS 204). */
package io.jetstreamproto.crypto.internal.sign;
