package io.jetstreamproto.fec.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * Sender side of JSP's packet-level FEC: groups consecutive sealed packets and produces Reed-Solomon repair
 * shards for each group. Sans-IO: the caller passes packets and the current time, and polls the repair shards
 * to send; one instance per connection direction, not thread-safe.
 *
 * <p>Grouping ({@code docs/fec-wire.md}): a group is a run of consecutive packet numbers
 * {@code first_pn .. first_pn + k' - 1}. It closes when it holds {@code k} packets, when the next packet number
 * is not the previous one plus one, when it is older than {@code maxGroupDelayNanos} at {@link #onTimeout}, or on
 * {@link #flush}; k' is then the number of packets it holds (so a single packet also gets parity). Closing a
 * group queues {@code m} repair shards for {@link #pollRepair}. Repair packets themselves must not be passed to
 * {@link #onPacketSent}.
 *
 * <p>Cost: with {@code m > 0} each packet is copied once into reusable scratch rows; closing a group runs the
 * erasure code and allocates one buffer per repair shard. With {@code m = 0} (FEC off) {@link #onPacketSent}
 * checks its arguments and returns: nothing is copied or allocated.
 *
 * <p>Memory: the scratch rows are at most {@code (k + m) * 65,535} bytes (in practice {@code (k + m)} times the
 * largest packet seen plus 2), and at most {@link #MAX_PENDING_REPAIRS} repair shards wait to be polled.
 */
public final class FecEncoder implements AutoCloseable {

    /** Most repair shards kept waiting for {@link #pollRepair}; older ones are released and counted. */
    public static final int MAX_PENDING_REPAIRS = 1024;

    private final int dataShards;
    private final long maxGroupDelayNanos;
    private final ByteBufAllocator allocator;
    private final ErasureCode.Factory codes;

    /** m for groups opened from now on; the open group keeps the m it started with. */
    private int parityShards;

    private boolean groupOpen;
    private long groupFirstPn;
    private int groupCount;
    private int groupParity;
    private int groupShardLength;
    private long groupOpenedAt;
    private final int[] packetLengths;

    /** Scratch shard rows, reused across groups; all have length {@code rowCapacity} (Backblaze requires equal lengths). */
    private byte[][] rows = new byte[0][];
    private int rowCapacity;

    private long lastPn = -1;
    private boolean closed;
    private final ArrayDeque<RepairPacket> pending = new ArrayDeque<>();

    private long groupsEncoded;
    private long repairPacketsSent;
    private long parityBytesSent;
    private long repairPacketsDiscarded;

    /**
     * Creates an encoder using Reed-Solomon ({@link ErasureCode#reedSolomon}).
     *
     * @param dataShards k, the most data packets per group, 1..255
     * @param parityShards m, repair shards per group, 0..256 - k (0 turns FEC off)
     * @param maxGroupDelayNanos how long a group may stay open waiting for more packets before
     *     {@link #onTimeout} closes it; bounds the delay FEC adds to recovery of a tail loss
     * @param allocator allocates the repair payload buffers
     */
    public FecEncoder(int dataShards, int parityShards, long maxGroupDelayNanos, ByteBufAllocator allocator) {
        this(dataShards, parityShards, maxGroupDelayNanos, allocator, ErasureCode::reedSolomon);
    }

    /**
     * Creates an encoder with a given erasure code.
     *
     * @param dataShards k, the most data packets per group, 1..255
     * @param parityShards m, repair shards per group, 0..256 - k (0 turns FEC off)
     * @param maxGroupDelayNanos how long a group may stay open before {@link #onTimeout} closes it, > 0
     * @param allocator allocates the repair payload buffers
     * @param codes creates the (k', m) code for each group; must implement the code of {@code docs/fec-wire.md}
     *     to interoperate with other JSP implementations
     */
    public FecEncoder(int dataShards, int parityShards, long maxGroupDelayNanos, ByteBufAllocator allocator,
            ErasureCode.Factory codes) {
        if (dataShards < 1 || dataShards >= ErasureCode.MAX_TOTAL_SHARDS) {
            throw new IllegalArgumentException("dataShards must be in 1..255: " + dataShards);
        }
        if (maxGroupDelayNanos <= 0) {
            throw new IllegalArgumentException("maxGroupDelayNanos must be > 0: " + maxGroupDelayNanos);
        }
        this.dataShards = dataShards;
        this.maxGroupDelayNanos = maxGroupDelayNanos;
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.packetLengths = new int[dataShards];
        setParityShards(parityShards);
    }

    /**
     * Records a sealed packet that is being sent. Copies its readable bytes when FEC is on; never takes ownership
     * of the buffer and never changes its indices.
     *
     * @param pn the packet's number, 0..2^62 - 1, strictly greater than the previous one
     * @param sealedPacket the sealed packet, 1..65,533 readable bytes
     * @param nowNanos the current time; a group opened by this packet times out at
     *     {@code nowNanos + maxGroupDelayNanos}
     * @throws IllegalArgumentException if {@code pn} is out of range or not increasing, or the packet is empty
     *     or longer than 65,533 bytes (it could not be carried in a shard)
     * @throws IllegalStateException after {@link #close()}
     */
    public void onPacketSent(long pn, ByteBuf sealedPacket, long nowNanos) {
        int length = sealedPacket.readableBytes();
        if (closed) {
            throw new IllegalStateException("encoder is closed");
        }
        if (pn < 0 || pn > FecRepairHeader.MAX_PACKET_NUMBER) {
            throw new IllegalArgumentException("pn must be in 0..2^62 - 1: " + pn);
        }
        if (pn <= lastPn) {
            throw new IllegalArgumentException("pn must strictly increase: " + pn + " after " + lastPn);
        }
        if (length < 1 || length > FecRepairHeader.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("sealed packet length must be in 1.." + FecRepairHeader.MAX_PACKET_LENGTH
                    + ": " + length);
        }
        boolean contiguous = pn == lastPn + 1;
        lastPn = pn;
        if (groupOpen && !contiguous) {
            // A group must be a run of consecutive packet numbers: receivers find its members by range alone.
            closeGroup();
        }
        if (!groupOpen) {
            if (parityShards == 0) {
                return; // FEC off: zero overhead, nothing copied.
            }
            groupOpen = true;
            groupFirstPn = pn;
            groupCount = 0;
            groupParity = parityShards;
            groupShardLength = 0;
            groupOpenedAt = nowNanos;
        }
        int shardLength = length + 2;
        ensureRows(dataShards + groupParity, shardLength);
        byte[] row = rows[groupCount];
        row[0] = (byte) (length >>> 8);
        row[1] = (byte) length;
        sealedPacket.getBytes(sealedPacket.readerIndex(), row, 2, length);
        packetLengths[groupCount] = length;
        groupCount++;
        groupShardLength = Math.max(groupShardLength, shardLength);
        if (groupCount == dataShards) {
            closeGroup();
        }
    }

    /**
     * Returns the next repair shard to send, or null when there is none. The caller owns the returned packet and
     * must {@link RepairPacket#release() release} it. Call until null after every {@link #onPacketSent},
     * {@link #onTimeout} and {@link #flush}.
     *
     * @return the next repair shard, or null
     */
    public RepairPacket pollRepair() {
        return pending.poll();
    }

    /**
     * Closes the open group if it has been open for at least {@code maxGroupDelayNanos}.
     *
     * @param nowNanos the current time
     */
    public void onTimeout(long nowNanos) {
        if (groupOpen && nowNanos - groupOpenedAt >= maxGroupDelayNanos) {
            closeGroup();
        }
    }

    /**
     * When {@link #onTimeout} should next be called.
     *
     * @return the open group's deadline, or {@link Long#MAX_VALUE} when no group is open
     */
    public long nextTimeoutNanos() {
        return groupOpen ? groupOpenedAt + maxGroupDelayNanos : Long.MAX_VALUE;
    }

    /** Closes the open group now, if any (for example when the send queue drains or before closing). */
    public void flush() {
        if (groupOpen) {
            closeGroup();
        }
    }

    /**
     * Sets m for groups opened from now on; the open group, if any, keeps its m. Used by
     * {@link AdaptiveParityController}. With 0 no repair shards are produced and packets are not copied.
     *
     * @param parityShards m, 0..256 - k
     * @throws IllegalArgumentException if out of range
     */
    public void setParityShards(int parityShards) {
        if (parityShards < 0 || parityShards > ErasureCode.MAX_TOTAL_SHARDS - dataShards) {
            throw new IllegalArgumentException("parityShards must be in 0.." + (ErasureCode.MAX_TOTAL_SHARDS - dataShards)
                    + " for dataShards " + dataShards + ": " + parityShards);
        }
        this.parityShards = parityShards;
    }

    /**
     * The configured k.
     *
     * @return the most data packets per group
     */
    public int dataShards() {
        return dataShards;
    }

    /**
     * The m that groups opened from now on will use.
     *
     * @return m, 0 when FEC is off
     */
    public int parityShards() {
        return parityShards;
    }

    /**
     * Number of repair shards waiting for {@link #pollRepair}.
     *
     * @return the count
     */
    public int pendingRepairs() {
        return pending.size();
    }

    /**
     * A snapshot of the sender counters.
     *
     * @return the counters; receiver fields are zero
     */
    public FecStats stats() {
        return new FecStats(groupsEncoded, repairPacketsSent, parityBytesSent, repairPacketsDiscarded,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Releases the repair shards not yet polled and drops the open group. The encoder cannot be used afterwards. */
    @Override
    public void close() {
        closed = true;
        groupOpen = false;
        RepairPacket packet;
        while ((packet = pending.poll()) != null) {
            packet.release();
        }
    }

    private void closeGroup() {
        groupOpen = false;
        int k = groupCount;
        int m = groupParity;
        int shardLength = groupShardLength;
        ErasureCode code = codes.create(k, m);
        if (code.dataShards() != k || code.parityShards() != m) {
            throw new IllegalStateException("erasure code factory returned " + code + " for (" + k + ", " + m + ")");
        }
        byte[][] shards = new byte[k + m][];
        for (int i = 0; i < k; i++) {
            // Rows are reused: clear what an earlier, longer packet left behind the padding start.
            Arrays.fill(rows[i], 2 + packetLengths[i], shardLength, (byte) 0);
            shards[i] = rows[i];
        }
        // Parity goes into the rows after the group's data rows; encodeParity overwrites [0, shardLength).
        System.arraycopy(rows, k, shards, k, m);
        code.encodeParity(shards, 0, shardLength);
        for (int j = 0; j < m; j++) {
            ByteBuf parity = allocator.buffer(shardLength, shardLength);
            parity.writeBytes(shards[k + j], 0, shardLength);
            enqueue(new RepairPacket(new FecRepairHeader(groupFirstPn, k, m, j, shardLength), parity));
        }
        groupsEncoded++;
        repairPacketsSent += m;
        parityBytesSent += (long) m * shardLength;
    }

    private void enqueue(RepairPacket packet) {
        if (pending.size() >= MAX_PENDING_REPAIRS) {
            pending.poll().release();
            repairPacketsDiscarded++;
        }
        pending.add(packet);
    }

    /** Makes sure there are {@code count} rows, all at least {@code capacity} bytes long and equally long. */
    private void ensureRows(int count, int capacity) {
        if (capacity > rowCapacity) {
            // Grow geometrically so that a slowly increasing packet size does not copy on every packet.
            int newCapacity = (int) Math.min(FecRepairHeader.MAX_SHARD_LENGTH,
                    Math.max(capacity, Math.max(64L, 2L * rowCapacity)));
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOf(rows[i], newCapacity);
            }
            rowCapacity = newCapacity;
        }
        if (rows.length < count) {
            int old = rows.length;
            rows = Arrays.copyOf(rows, count);
            for (int i = old; i < count; i++) {
                rows[i] = new byte[rowCapacity];
            }
        }
    }
}
