package io.jetstreamproto.fec.internal;

/**
 * A systematic (k, m) erasure code over byte shards: {@code k} data shards are kept as they are and {@code m}
 * parity shards are computed from them, such that any {@code k} of the {@code k + m} shards recover all of them.
 *
 * <p>This interface is the only thing the FEC encoder and decoder know about the coder, so that the
 * Reed-Solomon implementation behind {@link #reedSolomon} can be replaced. Implementations must be immutable
 * and safe to share between threads. Parity produced by different implementations is only interoperable if
 * they implement the same code: the one JSP puts on the wire is specified in {@code docs/fec-wire.md}.
 *
 * <p>Shard arrays: {@code shards} has exactly {@code k + m} entries, data shards first then parity shards; every
 * entry is non-null (missing shards are buffers to be written) and all entries have the same length, at least
 * {@code offset + length}. Only the bytes in {@code [offset, offset + length)} are read or written.
 */
public interface ErasureCode {

    /** The largest {@code k + m} a code over GF(2^8) supports: one evaluation point per field element. */
    int MAX_TOTAL_SHARDS = 256;

    /** Creates an erasure code for a given shape; {@code ErasureCode::reedSolomon} is the default. */
    @FunctionalInterface
    interface Factory {
        /**
         * Returns a code with the given shape.
         *
         * @param dataShards {@code k}, at least 1
         * @param parityShards {@code m}, at least 1, with {@code k + m <= 256}
         * @return the code
         * @throws IllegalArgumentException if the shape is not supported
         */
        ErasureCode create(int dataShards, int parityShards);
    }

    /**
     * Returns the Reed-Solomon code with {@code dataShards} data and {@code parityShards} parity shards. Codes
     * are cached (building the matrix costs O(k^3), tens of milliseconds for k = 255), so repeated calls with the
     * same shape are cheap and may return the same instance.
     *
     * @param dataShards {@code k}, 1..255
     * @param parityShards {@code m}, 1..255, with {@code k + m <= 256}
     * @return the code
     * @throws IllegalArgumentException naming {@code dataShards} or {@code parityShards} if out of range
     */
    static ErasureCode reedSolomon(int dataShards, int parityShards) {
        return ReedSolomonErasureCode.of(dataShards, parityShards);
    }

    /**
     * The number of data shards, {@code k}.
     *
     * @return k
     */
    int dataShards();

    /**
     * The number of parity shards, {@code m}.
     *
     * @return m
     */
    int parityShards();

    /**
     * Computes the parity shards {@code shards[k..k+m-1]} from the data shards {@code shards[0..k-1]}.
     *
     * @param shards {@code k + m} equally long arrays; the parity entries are overwritten in the range
     * @param offset first byte of each shard to code
     * @param length number of bytes of each shard to code
     * @throws IllegalArgumentException if the arrays do not have the documented shape
     */
    void encodeParity(byte[][] shards, int offset, int length);

    /**
     * Rebuilds every shard whose {@code present} flag is false (data and parity) from the present ones.
     *
     * <p>Returns false without touching any shard when fewer than {@code k} shards are present; that is an
     * expected outcome on a lossy network, not an error. Present shards are never modified.
     *
     * @param shards {@code k + m} equally long arrays; missing entries are overwritten in the range
     * @param present which shards hold valid content, {@code k + m} entries
     * @param offset first byte of each shard to code
     * @param length number of bytes of each shard to code
     * @return true if all shards now hold their content, false if too few were present
     * @throws IllegalArgumentException if the arrays do not have the documented shape
     */
    boolean reconstruct(byte[][] shards, boolean[] present, int offset, int length);
}
