package io.jetstreamproto.fec.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Receiver side of JSP's packet-level FEC: keeps copies of recently received sealed packets, collects repair
 * shards per group, and rebuilds missing packets once any {@code k'} of a group's {@code k' + m} shards are
 * present. Sans-IO: the caller passes packets, repair shards and the current time, and polls recovered packets;
 * one instance per connection direction, not thread-safe.
 *
 * <p>A group is identified only by the packet-number range {@code first_pn .. first_pn + k' - 1} of its repair
 * headers ({@code docs/fec-wire.md}). Each missing packet is handed out at most once, and never a packet number
 * that was already passed to {@link #onPacketReceived} (or is older than the decoder's packet-number window of
 * {@code max(8192, 2 * maxStoredPackets)} numbers, whose state is unknown).
 *
 * <p>Untrusted input: repair shards are not authenticated at this layer. Malformed or inconsistent shards are
 * dropped and counted in {@link #stats()}, never thrown; a rebuilt length prefix of 0 or above
 * {@code shard_length - 2} marks the group corrupt. A forged shard can therefore at worst yield a recovered
 * packet of at most {@code shard_length - 2} bytes that AEAD open rejects. For the same reason it is best to pass
 * only packets that passed AEAD open to {@link #onPacketReceived} (keeping their sealed bytes), so that forged
 * datagrams cannot fill the store.
 *
 * <p>Memory is bounded for any input ({@link Config}): stored packets at most {@code maxStoredPackets} and
 * {@code maxStoredBytes} of copies; open groups at most {@code maxOpenGroups} holding at most
 * {@code maxParityBytes} of parity; the packet-number window {@code max(8192, 2 * maxStoredPackets) / 8} bytes;
 * 256 recently finished group ids; at most {@link #MAX_PENDING_RECOVERED} recovered packets awaiting
 * {@link #pollRecovered}. A reconstruction allocates {@code (k' + m) * shard_length} bytes of scratch for its
 * duration (at most {@code (maxDataShards + maxParityShards) * 65,535}).
 */
public final class FecDecoder implements AutoCloseable {

    /** Most recovered packets kept waiting for {@link #pollRecovered}; older ones are released and counted. */
    public static final int MAX_PENDING_RECOVERED = 1024;

    /** How many finished groups are remembered, so that their late repair shards do not reopen them. */
    private static final int RECENTLY_FINISHED = 256;

    /**
     * Decoder limits; every field bounds memory or work, see {@link #defaults()}.
     *
     * @param maxStoredPackets most received packets kept for reconstruction, 1..1,048,576 (default 1,024)
     * @param maxStoredBytes most bytes of received packets kept, 1..2^30 (default 1 MiB)
     * @param maxOpenGroups most groups waiting for shards, 1..65,536 (default 64); the oldest is evicted
     * @param maxParityBytes most bytes of parity held by open groups, 65,535..2^30 (default 1 MiB)
     * @param groupTimeoutNanos how long a group may wait, from its first repair shard, for enough shards,
     *     > 0 (default 250 ms: senders emit a group's repair shards back to back, so this only has to cover
     *     reordering and the data packets still in flight)
     * @param maxDataShards largest {@code data_count} accepted, 1..255 (default 64); bounds the O(k^3) work a
     *     forged header can cause
     * @param maxParityShards largest {@code parity_count} accepted, 1..255 (default 64)
     */
    public record Config(int maxStoredPackets, long maxStoredBytes, int maxOpenGroups, long maxParityBytes,
            long groupTimeoutNanos, int maxDataShards, int maxParityShards) {

        /**
         * Validates the limits.
         *
         * @param maxStoredPackets most received packets kept
         * @param maxStoredBytes most bytes of received packets kept
         * @param maxOpenGroups most groups waiting for shards
         * @param maxParityBytes most bytes of parity held
         * @param groupTimeoutNanos how long a group may wait
         * @param maxDataShards largest {@code data_count} accepted
         * @param maxParityShards largest {@code parity_count} accepted
         * @throws IllegalArgumentException naming the first limit out of range
         */
        public Config {
            requireRange("maxStoredPackets", maxStoredPackets, 1, 1 << 20);
            requireRange("maxStoredBytes", maxStoredBytes, 1, 1L << 30);
            requireRange("maxOpenGroups", maxOpenGroups, 1, 1 << 16);
            requireRange("maxParityBytes", maxParityBytes, FecRepairHeader.MAX_SHARD_LENGTH, 1L << 30);
            requireRange("groupTimeoutNanos", groupTimeoutNanos, 1, Long.MAX_VALUE);
            requireRange("maxDataShards", maxDataShards, 1, ErasureCode.MAX_TOTAL_SHARDS - 1);
            requireRange("maxParityShards", maxParityShards, 1, ErasureCode.MAX_TOTAL_SHARDS - 1);
        }

        /**
         * The default limits: 1,024 packets / 1 MiB stored, 64 open groups / 1 MiB parity, 250 ms group timeout,
         * up to 64 data and 64 parity shards per group. Worst case about 2.1 MiB per decoder.
         *
         * @return the defaults
         */
        public static Config defaults() {
            return new Config(1024, 1L << 20, 64, 1L << 20, 250_000_000L, 64, 64);
        }

        /**
         * Returns a copy with another {@code maxStoredPackets}.
         *
         * @param value the limit
         * @return the new config
         */
        public Config withMaxStoredPackets(int value) {
            return new Config(value, maxStoredBytes, maxOpenGroups, maxParityBytes, groupTimeoutNanos,
                    maxDataShards, maxParityShards);
        }

        /**
         * Returns a copy with another {@code maxStoredBytes}.
         *
         * @param value the limit
         * @return the new config
         */
        public Config withMaxStoredBytes(long value) {
            return new Config(maxStoredPackets, value, maxOpenGroups, maxParityBytes, groupTimeoutNanos,
                    maxDataShards, maxParityShards);
        }

        /**
         * Returns a copy with another {@code maxOpenGroups}.
         *
         * @param value the limit
         * @return the new config
         */
        public Config withMaxOpenGroups(int value) {
            return new Config(maxStoredPackets, maxStoredBytes, value, maxParityBytes, groupTimeoutNanos,
                    maxDataShards, maxParityShards);
        }

        /**
         * Returns a copy with another {@code maxParityBytes}.
         *
         * @param value the limit
         * @return the new config
         */
        public Config withMaxParityBytes(long value) {
            return new Config(maxStoredPackets, maxStoredBytes, maxOpenGroups, value, groupTimeoutNanos,
                    maxDataShards, maxParityShards);
        }

        /**
         * Returns a copy with another {@code groupTimeoutNanos}.
         *
         * @param value the timeout
         * @return the new config
         */
        public Config withGroupTimeoutNanos(long value) {
            return new Config(maxStoredPackets, maxStoredBytes, maxOpenGroups, maxParityBytes, value,
                    maxDataShards, maxParityShards);
        }

        /**
         * Returns a copy with other shard limits.
         *
         * @param dataShards the largest {@code data_count} accepted
         * @param parityShards the largest {@code parity_count} accepted
         * @return the new config
         */
        public Config withMaxShards(int dataShards, int parityShards) {
            return new Config(maxStoredPackets, maxStoredBytes, maxOpenGroups, maxParityBytes, groupTimeoutNanos,
                    dataShards, parityShards);
        }

        private static void requireRange(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + value);
            }
        }
    }

    /** One open group: the shape announced by its repair headers and the parity received so far. */
    private static final class Group {
        final long firstPn;
        final int dataCount;
        final int parityCount;
        final int shardLength;
        final long createdAt;
        final byte[][] parity;
        int parityReceived;
        /** Creation-order list, oldest first, for timeouts and eviction in O(1). */
        Group older;
        Group newer;

        Group(FecRepairHeader header, long createdAt) {
            this.firstPn = header.firstPn();
            this.dataCount = header.dataCount();
            this.parityCount = header.parityCount();
            this.shardLength = header.shardLength();
            this.createdAt = createdAt;
            this.parity = new byte[parityCount][];
        }

        boolean covers(long pn) {
            return pn >= firstPn && pn - firstPn < dataCount;
        }
    }

    private final Config config;
    private final ByteBufAllocator allocator;
    private final ErasureCode.Factory codes;
    private final PacketStore store;
    private final ReceivedPacketWindow window;
    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private Group oldest;
    private Group newest;
    private long parityBytes;
    private final long[] recentlyFinished = new long[RECENTLY_FINISHED];
    private int recentlyFinishedNext;
    private final ArrayDeque<RecoveredPacket> pending = new ArrayDeque<>();
    private boolean closed;

    private long repairPacketsReceived;
    private long malformedRepairsDropped;
    private long conflictingRepairsDropped;
    private long duplicateRepairsDropped;
    private long lateRepairsIgnored;
    private long recoveredPackets;
    private long recoveredPacketsDiscarded;
    private long groupsRecovered;
    private long groupsCompletedWithoutLoss;
    private long groupsUnrecoverable;
    private long groupsCorrupt;
    private long groupsEvicted;

    /**
     * Creates a decoder with {@link Config#defaults()} and Reed-Solomon.
     *
     * @param allocator allocates the recovered packets' buffers
     */
    public FecDecoder(ByteBufAllocator allocator) {
        this(Config.defaults(), allocator, ErasureCode::reedSolomon);
    }

    /**
     * Creates a decoder with Reed-Solomon.
     *
     * @param config the limits
     * @param allocator allocates the recovered packets' buffers
     */
    public FecDecoder(Config config, ByteBufAllocator allocator) {
        this(config, allocator, ErasureCode::reedSolomon);
    }

    /**
     * Creates a decoder.
     *
     * @param config the limits
     * @param allocator allocates the recovered packets' buffers
     * @param codes creates the (k', m) code of each group; must match the sender's
     */
    public FecDecoder(Config config, ByteBufAllocator allocator, ErasureCode.Factory codes) {
        this.config = Objects.requireNonNull(config, "config");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.store = new PacketStore(config.maxStoredPackets(), config.maxStoredBytes());
        int windowSize = (int) Math.max(8192L, 2L * config.maxStoredPackets());
        this.window = new ReceivedPacketWindow((windowSize + 63) & ~63);
        Arrays.fill(recentlyFinished, -1L);
    }

    /**
     * Records a received data packet (not a repair packet): keeps a copy for later reconstruction and completes
     * any open group it belongs to. Never takes ownership of the buffer and never changes its indices. A packet
     * number seen before is ignored; an empty packet or one above 65,533 bytes is noted as received but not
     * stored (no FEC group can contain it).
     *
     * @param pn the packet's number, 0..2^62 - 1
     * @param sealedPacket the sealed packet as received
     * @param nowNanos the current time; groups that timed out are dropped first, so a late packet never revives
     *     an expired group
     * @throws IllegalArgumentException if {@code pn} is out of range (the caller must have parsed a valid one)
     * @throws IllegalStateException after {@link #close()}
     */
    public void onPacketReceived(long pn, ByteBuf sealedPacket, long nowNanos) {
        int length = sealedPacket.readableBytes();
        checkOpen();
        if (pn < 0 || pn > FecRepairHeader.MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("pn must be in 0..2^62 - 1: " + pn);
        }
        expire(nowNanos);
        if (!window.markReceived(pn)) {
            return; // duplicate, or too old to matter
        }
        if (length >= 1 && length <= FecRepairHeader.MAX_PACKET_LENGTH) {
            store.put(pn, sealedPacket);
        }
        if (groups.isEmpty()) {
            return;
        }
        // Candidate groups start at most 254 numbers before pn (data_count <= 255). Walk them downwards; the next
        // key is taken before tryComplete, which may remove the current group.
        Long key = groups.floorKey(pn);
        while (key != null && key >= pn - (ErasureCode.MAX_TOTAL_SHARDS - 2)) {
            Group group = groups.get(key);
            key = groups.lowerKey(key);
            if (group.covers(pn)) {
                tryComplete(group);
            }
        }
    }

    /**
     * Records a received repair shard whose header the caller has already decoded. Copies the parity; never takes
     * ownership of {@code parity} and never changes its indices. Shards that are inconsistent with their group
     * or exceed the configured limits are dropped and counted, never thrown.
     *
     * @param header the decoded header
     * @param parity exactly {@code header.shardLength()} readable bytes of parity, else the shard is dropped as
     *     malformed
     * @param nowNanos the current time
     * @throws IllegalStateException after {@link #close()}
     */
    public void onRepairReceived(FecRepairHeader header, ByteBuf parity, long nowNanos) {
        Objects.requireNonNull(header, "header");
        int length = parity.readableBytes();
        checkOpen();
        expire(nowNanos);
        repairPacketsReceived++;
        if (length != header.shardLength()) {
            malformedRepairsDropped++;
            return;
        }
        accept(header, parity, parity.readerIndex(), nowNanos);
    }

    /**
     * Decodes and records a repair payload (13-byte header followed by exactly {@code shard_length} bytes of
     * parity, nothing after). Never takes ownership of the buffer and never changes its indices.
     *
     * @param repairPayload the repair payload as received
     * @param nowNanos the current time
     * @return false if the payload was malformed (counted in {@link FecStats#malformedRepairsDropped()}), true if
     *     it decoded, whatever the decoder then did with it
     * @throws IllegalStateException after {@link #close()}
     */
    public boolean onRepairPacket(ByteBuf repairPayload, long nowNanos) {
        int readable = repairPayload.readableBytes();
        checkOpen();
        expire(nowNanos);
        repairPacketsReceived++;
        FecRepairHeader header;
        try {
            header = FecRepairHeader.decodeAt(repairPayload, repairPayload.readerIndex(), readable);
        } catch (FecFormatException e) {
            malformedRepairsDropped++;
            return false;
        }
        if (readable != FecRepairHeader.HEADER_LENGTH + header.shardLength()) {
            malformedRepairsDropped++;
            return false;
        }
        accept(header, repairPayload, repairPayload.readerIndex() + FecRepairHeader.HEADER_LENGTH, nowNanos);
        return true;
    }

    /**
     * Returns the next recovered packet, or null. Each missing packet number is returned at most once. The
     * caller owns the returned packet and must {@link RecoveredPacket#release() release} it; call until null
     * after every {@link #onPacketReceived}, {@link #onRepairReceived} and {@link #onRepairPacket}.
     *
     * @return the next recovered packet, or null
     */
    public RecoveredPacket pollRecovered() {
        return pending.poll();
    }

    /**
     * Drops the open groups that have waited {@code groupTimeoutNanos} since their first repair shard; they are
     * counted as unrecoverable (a group with all its data is finished as soon as that is known).
     *
     * @param nowNanos the current time
     */
    public void onTimeout(long nowNanos) {
        expire(nowNanos);
    }

    /**
     * When {@link #onTimeout} should next be called.
     *
     * @return the oldest open group's deadline, or {@link Long#MAX_VALUE} when none is open
     */
    public long nextTimeoutNanos() {
        return oldest == null ? Long.MAX_VALUE : oldest.createdAt + config.groupTimeoutNanos();
    }

    /**
     * A snapshot of the receiver counters.
     *
     * @return the counters; sender fields are zero
     */
    public FecStats stats() {
        return new FecStats(0, 0, 0, 0, repairPacketsReceived, malformedRepairsDropped, conflictingRepairsDropped,
                duplicateRepairsDropped, lateRepairsIgnored, recoveredPackets, recoveredPacketsDiscarded,
                groupsRecovered, groupsCompletedWithoutLoss, groupsUnrecoverable, groupsCorrupt, groupsEvicted);
    }

    /**
     * Number of groups waiting for shards.
     *
     * @return at most {@code maxOpenGroups}
     */
    public int openGroups() {
        return groups.size();
    }

    /**
     * Number of received packets kept for reconstruction.
     *
     * @return at most {@code maxStoredPackets}
     */
    public int storedPackets() {
        return store.size();
    }

    /**
     * Bytes of received packets kept for reconstruction.
     *
     * @return at most {@code maxStoredBytes}
     */
    public long storedBytes() {
        return store.bytes();
    }

    /**
     * Bytes of parity held by open groups.
     *
     * @return at most {@code maxParityBytes}
     */
    public long bufferedParityBytes() {
        return parityBytes;
    }

    /** Releases the recovered packets not yet polled and drops all state. The decoder cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        while (oldest != null) {
            finish(oldest);
        }
        RecoveredPacket packet;
        while ((packet = pending.poll()) != null) {
            packet.release();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
    }

    /** Adds a well-formed shard to its group; parity bytes are at {@code parityIndex} in {@code source}. */
    private void accept(FecRepairHeader header, ByteBuf source, int parityIndex, long nowNanos) {
        if (header.dataCount() > config.maxDataShards() || header.parityCount() > config.maxParityShards()) {
            malformedRepairsDropped++;
            return;
        }
        long firstPn = header.firstPn();
        Group group = groups.get(firstPn);
        if (group == null) {
            if (recentlyFinished(firstPn) || window.isTooOld(header.lastPn())) {
                lateRepairsIgnored++;
                return;
            }
            if (allReceived(firstPn, header.dataCount())) {
                // Nothing to recover: finish without storing anything.
                groupsCompletedWithoutLoss++;
                rememberFinished(firstPn);
                return;
            }
            while (groups.size() >= config.maxOpenGroups()) {
                groupsEvicted++;
                finish(oldest);
            }
            group = new Group(header, nowNanos);
            link(group);
        } else if (group.dataCount != header.dataCount() || group.parityCount != header.parityCount()
                || group.shardLength != header.shardLength()) {
            // First shard wins: a forged header must not be able to reshape a group that genuine shards built.
            conflictingRepairsDropped++;
            return;
        } else if (group.parity[header.parityIndex()] != null) {
            duplicateRepairsDropped++;
            return;
        }
        int length = header.shardLength();
        while (parityBytes + length > config.maxParityBytes()) {
            Group victim = oldest != group ? oldest : group.newer;
            if (victim == null) {
                victim = group; // only this group is left and it is full: give it up
            }
            groupsEvicted++;
            finish(victim);
            if (victim == group) {
                return;
            }
        }
        byte[] copy = new byte[length];
        source.getBytes(parityIndex, copy);
        group.parity[header.parityIndex()] = copy;
        group.parityReceived++;
        parityBytes += length;
        tryComplete(group);
    }

    /** Finishes the group if it has all its data, or rebuilds what is missing if enough shards are present. */
    private void tryComplete(Group group) {
        int missing = 0;
        int present = group.parityReceived;
        for (int i = 0; i < group.dataCount; i++) {
            long pn = group.firstPn + i;
            if (!window.isReceived(pn)) {
                missing++;
            } else if (store.get(pn) != null) {
                present++;
            }
        }
        if (missing == 0) {
            groupsCompletedWithoutLoss++;
            finish(group);
        } else if (present >= group.dataCount) {
            reconstruct(group);
        }
    }

    private void reconstruct(Group group) {
        int k = group.dataCount;
        int m = group.parityCount;
        int shardLength = group.shardLength;
        byte[][] shards = new byte[k + m][];
        boolean[] present = new boolean[k + m];
        for (int i = 0; i < k; i++) {
            long pn = group.firstPn + i;
            byte[] data = window.isReceived(pn) ? store.get(pn) : null;
            byte[] shard = new byte[shardLength];
            if (data != null) {
                if (data.length > shardLength - 2) {
                    // The sender sizes shards for its longest packet: this header does not describe that group.
                    groupsCorrupt++;
                    finish(group);
                    return;
                }
                shard[0] = (byte) (data.length >>> 8);
                shard[1] = (byte) data.length;
                System.arraycopy(data, 0, shard, 2, data.length);
                present[i] = true;
            }
            shards[i] = shard;
        }
        for (int j = 0; j < m; j++) {
            byte[] parity = group.parity[j];
            shards[k + j] = parity != null ? parity : new byte[shardLength];
            present[k + j] = parity != null;
        }
        ErasureCode code = codes.create(k, m);
        if (code.dataShards() != k || code.parityShards() != m) {
            throw new IllegalStateException("erasure code factory returned " + code + " for (" + k + ", " + m + ")");
        }
        if (!code.reconstruct(shards, present, 0, shardLength)) {
            return; // not reachable: tryComplete counted at least k present shards
        }
        // Validate every rebuilt length before handing anything out: forged parity yields arbitrary prefixes.
        int recovered = 0;
        for (int i = 0; i < k; i++) {
            if (!window.isReceived(group.firstPn + i)) {
                int length = prefix(shards[i]);
                if (length == 0 || length > shardLength - 2) {
                    groupsCorrupt++;
                    finish(group);
                    return;
                }
                recovered++;
            }
        }
        for (int i = 0; i < k; i++) {
            long pn = group.firstPn + i;
            // Rebuilt shards of packets received but no longer stored are not handed out: they were delivered.
            if (!window.isReceived(pn)) {
                int length = prefix(shards[i]);
                ByteBuf packet = allocator.buffer(length, length);
                packet.writeBytes(shards[i], 2, length);
                window.markReceived(pn);
                enqueue(new RecoveredPacket(pn, packet));
            }
        }
        recoveredPackets += recovered;
        groupsRecovered++;
        finish(group);
    }

    private static int prefix(byte[] shard) {
        return ((shard[0] & 0xFF) << 8) | (shard[1] & 0xFF);
    }

    private boolean allReceived(long firstPn, int dataCount) {
        for (int i = 0; i < dataCount; i++) {
            if (!window.isReceived(firstPn + i)) {
                return false;
            }
        }
        return true;
    }

    private void enqueue(RecoveredPacket packet) {
        if (pending.size() >= MAX_PENDING_RECOVERED) {
            pending.poll().release();
            recoveredPacketsDiscarded++;
        }
        pending.add(packet);
    }

    private void expire(long nowNanos) {
        while (oldest != null && nowNanos - oldest.createdAt >= config.groupTimeoutNanos()) {
            groupsUnrecoverable++;
            finish(oldest);
        }
    }

    private void link(Group group) {
        groups.put(group.firstPn, group);
        group.older = newest;
        if (newest != null) {
            newest.newer = group;
        } else {
            oldest = group;
        }
        newest = group;
    }

    /** Removes a group from all structures and remembers it so that its late shards are ignored. */
    private void finish(Group group) {
        groups.remove(group.firstPn);
        if (group.older != null) {
            group.older.newer = group.newer;
        } else {
            oldest = group.newer;
        }
        if (group.newer != null) {
            group.newer.older = group.older;
        } else {
            newest = group.older;
        }
        group.older = null;
        group.newer = null;
        for (int j = 0; j < group.parity.length; j++) {
            if (group.parity[j] != null) {
                parityBytes -= group.parity[j].length;
                group.parity[j] = null;
            }
        }
        rememberFinished(group.firstPn);
    }

    private boolean recentlyFinished(long firstPn) {
        for (long id : recentlyFinished) {
            if (id == firstPn) {
                return true;
            }
        }
        return false;
    }

    private void rememberFinished(long firstPn) {
        recentlyFinished[recentlyFinishedNext] = firstPn;
        recentlyFinishedNext = (recentlyFinishedNext + 1) % RECENTLY_FINISHED;
    }
}
