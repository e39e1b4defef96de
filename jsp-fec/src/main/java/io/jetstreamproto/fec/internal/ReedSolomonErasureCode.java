package io.jetstreamproto.fec.internal;

import io.jetstreamproto.fec.internal.rs.ReedSolomon;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ErasureCode} backed by Backblaze's Reed-Solomon coder, vendored in {@code io.jetstreamproto.fec.internal.rs}
 * (MIT License, see NOTICE).
 *
 * <p>The code: GF(2^8) with the reducing polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), encoding matrix
 * {@code V * inverse(V[0..k-1])} where {@code V[r][c] = r^c} is the (k+m) x k Vandermonde matrix. Any k rows of
 * it are linearly independent, so any k shards recover the rest. {@code docs/fec-wire.md} gives the full
 * definition so that other implementations produce the same parity.
 *
 * <p>Instances are immutable and thread-safe (Backblaze's coder keeps no mutable state). Obtain them through
 * {@link ErasureCode#reedSolomon}, which caches them.
 */
public final class ReedSolomonErasureCode implements ErasureCode {

    /**
     * Cache bounds. Building a coder inverts a k x k matrix (7 us for 10:2, 60 ms for 255:1, measured), so
     * shapes are reused; the bound keeps a peer that announces many shapes from growing the cache: at most
     * 128 coders and 2 MiB of matrices (a coder holds (k+m) x k bytes, at most 65,280).
     */
    private static final int CACHE_MAX_ENTRIES = 128;
    private static final long CACHE_MAX_MATRIX_BYTES = 2L << 20;

    private static final Map<Integer, ReedSolomonErasureCode> CACHE = new LinkedHashMap<>(32, 0.75f, true);
    private static long cachedMatrixBytes;

    private final int dataShards;
    private final int parityShards;
    private final ReedSolomon coder;

    private ReedSolomonErasureCode(int dataShards, int parityShards) {
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.coder = new ReedSolomon(dataShards, parityShards);
    }

    /** Validates the shape and returns a cached or new coder. */
    static ReedSolomonErasureCode of(int dataShards, int parityShards) {
        if (dataShards < 1 || dataShards >= MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("dataShards must be in 1..255: " + dataShards);
        }
        if (parityShards < 1 || parityShards > MAX_TOTAL_SHARDS - dataShards) {
            throw new IllegalArgumentException("parityShards must be in 1.." + (MAX_TOTAL_SHARDS - dataShards)
                    + " for dataShards " + dataShards + " (k + m <= 256): " + parityShards);
        }
        Integer key = (dataShards << 9) | parityShards;
        synchronized (CACHE) {
            ReedSolomonErasureCode cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Built outside the lock: a large shape takes milliseconds and must not block other event loops.
        ReedSolomonErasureCode created = new ReedSolomonErasureCode(dataShards, parityShards);
        synchronized (CACHE) {
            ReedSolomonErasureCode raced = CACHE.get(key);
            if (raced != null) {
                return raced;
            }
            CACHE.put(key, created);
            cachedMatrixBytes += created.matrixBytes();
            Iterator<ReedSolomonErasureCode> eldest = CACHE.values().iterator();
            while ((CACHE.size() > CACHE_MAX_ENTRIES || cachedMatrixBytes > CACHE_MAX_MATRIX_BYTES)
                    && eldest.hasNext()) {
                ReedSolomonErasureCode victim = eldest.next();
                if (victim == created) {
                    continue;
                }
                cachedMatrixBytes -= victim.matrixBytes();
                eldest.remove();
            }
            return created;
        }
    }

    /** Number of coders currently cached (for tests). */
    static int cacheSize() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }

    /** Matrix bytes held by the cache (for tests). */
    static long cachedMatrixBytes() {
        synchronized (CACHE) {
            return cachedMatrixBytes;
        }
    }

    private long matrixBytes() {
        return (long) (dataShards + parityShards) * dataShards;
    }

    @Override
    public int dataShards() {
        return dataShards;
    }

    @Override
    public int parityShards() {
        return parityShards;
    }

    @Override
    public void encodeParity(byte[][] shards, int offset, int length) {
        checkShards(shards, offset, length);
        coder.encodeParity(shards, offset, length);
    }

    @Override
    public boolean reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
        checkShards(shards, offset, length);
        if (present == null || present.length != shards.length) {
            throw new IllegalArgumentException("present must have " + shards.length + " entries");
        }
        int count = 0;
        for (boolean p : present) {
            if (p) {
                count++;
            }
        }
        if (count < dataShards) {
            // Backblaze throws IllegalArgumentException here; too few shards is a normal outcome for us.
            return false;
        }
        coder.decodeMissing(shards, present, offset, length);
        return true;
    }

    /** Checks the shape up front so that Backblaze never fails half-way with a NullPointerException. */
    private void checkShards(byte[][] shards, int offset, int length) {
        int total = dataShards + parityShards;
        if (shards == null || shards.length != total) {
            throw new IllegalArgumentException("shards must have " + total + " entries");
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0: " + offset + ", " + length);
        }
        int size = -1;
        for (int i = 0; i < total; i++) {
            byte[] shard = shards[i];
            if (shard == null) {
                throw new IllegalArgumentException("shards[" + i + "] is null");
            }
            if (size < 0) {
                size = shard.length;
            } else if (shard.length != size) {
                throw new IllegalArgumentException("shards must all have the same length: shards[" + i + "] has "
                        + shard.length + ", shards[0] has " + size);
            }
        }
        if ((long) offset + length > size) {
            throw new IllegalArgumentException("offset + length (" + ((long) offset + length)
                    + ") exceeds the shard length " + size);
        }
    }

    @Override
    public String toString() {
        return "ReedSolomon(" + dataShards + ", " + parityShards + ")";
    }
}
