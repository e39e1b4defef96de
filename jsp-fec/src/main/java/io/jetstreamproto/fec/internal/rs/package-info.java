/**
 * Backblaze's Reed-Solomon coder over GF(2^8) (JavaReedSolomon, MIT License), vendored: the coder, the Galois field,
 * the matrix and the one coding loop JSP uses. Reached only through {@link io.jetstreamproto.fec.internal.ErasureCode}
 * ({@link io.jetstreamproto.fec.internal.ReedSolomonErasureCode}); the changes to Backblaze's files are listed at the
 * top of each.
 */
package io.jetstreamproto.fec.internal.rs;
