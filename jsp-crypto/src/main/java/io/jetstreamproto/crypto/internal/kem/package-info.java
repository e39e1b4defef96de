/** Key exchange: X25519, ML-KEM-768 (FIPS 203) and their X25519MLKEM768 hybrid. */
package io.jetstreamproto.crypto.internal.kem;
