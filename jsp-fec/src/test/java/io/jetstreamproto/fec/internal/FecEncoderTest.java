package io.jetstreamproto.fec.internal;

import static io.jetstreamproto.fec.internal.FecTestSupport.randomPacket;
import static io.jetstreamproto.fec.internal.FecTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jetstreamproto.fec.internal.FecTestSupport.CountingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FecEncoderTest {
    private static final long MS = 1_000_000L;

    private final CountingAllocator allocator = new CountingAllocator();

    private static List<RepairPacket> drain(FecEncoder encoder) {
        List<RepairPacket> out = new ArrayList<>();
        RepairPacket packet;
        while ((packet = encoder.pollRepair()) != null) {
            out.add(packet);
        }
        return out;
    }

    private static void releaseAll(List<RepairPacket> packets) {
        packets.forEach(RepairPacket::release);
    }

    /** Shards built from the spec: u16 length || packet, zero-padded to the longest + 2. */
    private static byte[][] specShards(List<byte[]> packets) {
        int shardLength = packets.stream().mapToInt(p -> p.length + 2).max().orElseThrow();
        byte[][] shards = new byte[packets.size()][shardLength];
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            shards[i][0] = (byte) (p.length >>> 8);
            shards[i][1] = (byte) p.length;
            System.arraycopy(p, 0, shards[i], 2, p.length);
        }
        return shards;
    }

    private static void assertGroup(List<RepairPacket> repairs, long firstPn, List<byte[]> packets, int m, String where) {
        byte[][] shards = specShards(packets);
        byte[][] expected = ReedSolomonErasureCodeTest.referenceParity(shards, m);
        assertThat(repairs).as(where).hasSize(m);
        for (int j = 0; j < m; j++) {
            RepairPacket repair = repairs.get(j);
            assertThat(repair.header()).as(where)
                    .isEqualTo(new FecRepairHeader(firstPn, packets.size(), m, j, shards[0].length));
            assertThat(FecTestSupport.bytes(repair.parity())).as(where + " parity " + j).isEqualTo(expected[j]);
        }
    }

    @Test
    void fullGroupProducesTheSpecifiedParity() {
        long seed = 0x5EED_0301L;
        Random random = new Random(seed);
        try (FecEncoder encoder = new FecEncoder(10, 2, 20 * MS, allocator)) {
            for (int group = 0; group < 5; group++) {
                List<byte[]> packets = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    // Vary sizes a lot so that reused scratch rows must be re-padded correctly.
                    byte[] packet = randomPacket(random, 1, group % 2 == 0 ? 1400 : 30);
                    packets.add(packet);
                    send(encoder, group * 12L + i, packet, 0);
                    if (i < 9) {
                        assertThat(encoder.pollRepair()).isNull();
                    }
                }
                List<RepairPacket> repairs = drain(encoder);
                try {
                    assertGroup(repairs, group * 12L, packets, 2, "seed=" + seed + " group=" + group);
                } finally {
                    releaseAll(repairs);
                }
            }
            FecStats stats = encoder.stats();
            assertThat(stats.groupsEncoded()).isEqualTo(5);
            assertThat(stats.repairPacketsSent()).isEqualTo(10);
            assertThat(stats.repairPacketsReceived()).isZero();
        }
    }

    /** The test vector of docs/fec-wire.md, end to end through the encoder. */
    @Test
    void documentedTestVector() {
        HexFormat hex = HexFormat.of();
        try (FecEncoder encoder = new FecEncoder(3, 2, 20 * MS, allocator)) {
            send(encoder, 7, hex.parseHex("010203"), 0);
            send(encoder, 8, hex.parseHex("04"), 0);
            send(encoder, 9, hex.parseHex("0506"), 0);
            List<RepairPacket> repairs = drain(encoder);
            try {
                assertThat(repairs).hasSize(2);
                assertThat(hex.formatHex(FecTestSupport.encode(repairs.get(0))))
                        .isEqualTo("0000000000000007" + "03" + "02" + "00" + "0005" + "0000000403");
                assertThat(hex.formatHex(FecTestSupport.encode(repairs.get(1))))
                        .isEqualTo("0000000000000007" + "03" + "02" + "01" + "0005" + "0015310a11");
            } finally {
                releaseAll(repairs);
            }
        }
    }

    @Test
    void aPacketNumberGapClosesTheGroupEarly() {
        Random random = new Random(0x5EED_0302L);
        try (FecEncoder encoder = new FecEncoder(10, 2, 20 * MS, allocator)) {
            List<byte[]> first = List.of(randomPacket(random, 1, 100), randomPacket(random, 1, 100),
                    randomPacket(random, 1, 100));
            for (int i = 0; i < 3; i++) {
                send(encoder, 100 + i, first.get(i), 0);
            }
            assertThat(encoder.pollRepair()).isNull();
            byte[] next = randomPacket(random, 1, 100);
            send(encoder, 105, next, 0); // 103 and 104 were, say, repair packets
            List<RepairPacket> repairs = drain(encoder);
            try {
                assertGroup(repairs, 100, first, 2, "gap");
            } finally {
                releaseAll(repairs);
            }
            encoder.flush();
            repairs = drain(encoder);
            try {
                assertGroup(repairs, 105, List.of(next), 2, "single-packet group after the gap");
            } finally {
                releaseAll(repairs);
            }
            assertThat(encoder.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void aGroupOlderThanTheMaximumDelayIsClosedByTheTimer() {
        try (FecEncoder encoder = new FecEncoder(10, 1, 5 * MS, allocator)) {
            assertThat(encoder.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
            send(encoder, 0, new byte[] {1}, 1000 * MS);
            send(encoder, 1, new byte[] {2, 3}, 1003 * MS);
            assertThat(encoder.nextTimeoutNanos()).isEqualTo(1005 * MS);
            encoder.onTimeout(1005 * MS - 1);
            assertThat(encoder.pollRepair()).isNull();
            encoder.onTimeout(1005 * MS);
            List<RepairPacket> repairs = drain(encoder);
            try {
                assertGroup(repairs, 0, List.of(new byte[] {1}, new byte[] {2, 3}), 1, "timeout");
            } finally {
                releaseAll(repairs);
            }
            assertThat(encoder.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
            encoder.onTimeout(2000 * MS);
            assertThat(encoder.pollRepair()).isNull();
        }
    }

    @Test
    void parityChangesApplyToTheNextGroup() {
        try (FecEncoder encoder = new FecEncoder(4, 2, 5 * MS, allocator)) {
            send(encoder, 0, new byte[] {1}, 0);
            encoder.setParityShards(3);
            assertThat(encoder.parityShards()).isEqualTo(3);
            for (int pn = 1; pn < 4; pn++) {
                send(encoder, pn, new byte[] {(byte) pn}, 0);
            }
            List<RepairPacket> repairs = drain(encoder);
            assertThat(repairs).extracting(r -> r.header().parityCount()).containsOnly(2).hasSize(2);
            releaseAll(repairs);
            for (int pn = 4; pn < 8; pn++) {
                send(encoder, pn, new byte[] {(byte) pn}, 0);
            }
            repairs = drain(encoder);
            assertThat(repairs).extracting(r -> r.header().parityCount()).containsOnly(3).hasSize(3);
            releaseAll(repairs);
            // Turning FEC off mid-group lets that group finish with its m, then nothing more is produced.
            send(encoder, 8, new byte[] {8}, 0);
            encoder.setParityShards(0);
            for (int pn = 9; pn < 20; pn++) {
                send(encoder, pn, new byte[] {(byte) pn}, 0);
            }
            repairs = drain(encoder);
            assertThat(repairs).extracting(r -> r.header().firstPn()).containsOnly(8L).hasSize(3);
            releaseAll(repairs);
            assertThatThrownBy(() -> encoder.setParityShards(253)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parityShards");
            assertThatThrownBy(() -> encoder.setParityShards(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** With m = 0 the encoder copies nothing and allocates nothing per packet. */
    @Test
    void parityZeroProducesNothingAndAllocatesNothing() {
        byte[] payload = new byte[1200];
        ByteBuf packet = Unpooled.wrappedBuffer(payload);
        try (FecEncoder encoder = new FecEncoder(10, 0, 5 * MS, allocator)) {
            long pn = 0;
            for (; pn < 20_000; pn++) { // warm up (class loading, JIT) before measuring
                encoder.onPacketSent(pn, packet, pn);
            }
            com.sun.management.ThreadMXBean threads = threadMxBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++, pn++) {
                encoder.onPacketSent(pn, packet, pn);
                encoder.onTimeout(pn);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // Any per-packet allocation (a copy, a boxed number, a repair buffer) would be at least 1.6 MB here.
            assertThat(allocated).as("bytes allocated for 100,000 packets with m = 0").isLessThan(64 * 1024);
            assertThat(encoder.pollRepair()).isNull();
            assertThat(encoder.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
            assertThat(allocator.allocations).isZero();
            assertThat(encoder.stats()).isEqualTo(FecStats.ZERO);
            assertThat(packet.readerIndex()).isZero();
            assertThat(packet.refCnt()).isEqualTo(1);
        } finally {
            packet.release();
        }
    }

    private static com.sun.management.ThreadMXBean threadMxBean() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    @Test
    void theSealedPacketIsCopiedNotTakenAndItsIndicesAreUnchanged() {
        ByteBuf packet = allocator.buffer(64);
        try (FecEncoder encoder = new FecEncoder(1, 1, 5 * MS, allocator)) {
            packet.writeBytes(new byte[] {9, 9, 1, 2, 3, 4});
            packet.readerIndex(2);
            encoder.onPacketSent(0, packet, 0);
            assertThat(packet.readerIndex()).isEqualTo(2);
            assertThat(packet.writerIndex()).isEqualTo(6);
            assertThat(packet.refCnt()).isEqualTo(1);
            packet.setByte(2, 77); // the encoder must have copied before this change
            RepairPacket repair = encoder.pollRepair();
            try {
                // k = 1: parity equals the data shard (u16 4, then 1 2 3 4).
                assertThat(FecTestSupport.bytes(repair.parity())).containsExactly(0, 4, 1, 2, 3, 4);
            } finally {
                repair.release();
            }
        } finally {
            packet.release();
        }
    }

    @Test
    void rejectsInvalidPacketsAndPacketNumbers() {
        try (FecEncoder encoder = new FecEncoder(10, 2, 5 * MS, allocator)) {
            send(encoder, 5, new byte[] {1}, 0);
            assertThatThrownBy(() -> send(encoder, 5, new byte[] {1}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increase");
            assertThatThrownBy(() -> send(encoder, 4, new byte[] {1}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly increase");
            assertThatThrownBy(() -> send(encoder, -1, new byte[] {1}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pn");
            assertThatThrownBy(() -> send(encoder, 1L << 62, new byte[] {1}, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pn");
            assertThatThrownBy(() -> send(encoder, 6, new byte[0], 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
            assertThatThrownBy(() -> send(encoder, 6, new byte[65534], 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
            // A rejected call changes nothing: 6 still continues the group started at 5.
            send(encoder, 6, new byte[65533], 0);
            encoder.flush();
            List<RepairPacket> repairs = drain(encoder);
            try {
                assertThat(repairs).extracting(RepairPacket::header)
                        .containsExactly(new FecRepairHeader(5, 2, 2, 0, 65535), new FecRepairHeader(5, 2, 2, 1, 65535));
            } finally {
                releaseAll(repairs);
            }
        }
        assertThatThrownBy(() -> new FecEncoder(0, 1, MS, allocator)).hasMessageContaining("dataShards");
        assertThatThrownBy(() -> new FecEncoder(256, 0, MS, allocator)).hasMessageContaining("dataShards");
        assertThatThrownBy(() -> new FecEncoder(10, 247, MS, allocator)).hasMessageContaining("parityShards");
        assertThatThrownBy(() -> new FecEncoder(10, 2, 0, allocator)).hasMessageContaining("maxGroupDelayNanos");
    }

    @Test
    void unpolledRepairsAreBoundedAndCloseReleasesThem() {
        FecEncoder encoder = new FecEncoder(1, 1, 5 * MS, allocator);
        int groups = FecEncoder.MAX_PENDING_REPAIRS + 76;
        for (int pn = 0; pn < groups; pn++) {
            send(encoder, pn, new byte[] {(byte) pn}, 0);
        }
        assertThat(encoder.pendingRepairs()).isEqualTo(FecEncoder.MAX_PENDING_REPAIRS);
        assertThat(encoder.stats().repairPacketsDiscarded()).isEqualTo(76);
        RepairPacket oldestKept = encoder.pollRepair();
        try {
            assertThat(oldestKept.header().firstPn()).isEqualTo(76);
        } finally {
            oldestKept.release();
        }
        encoder.close(); // releases the other 1023; the class-level leak check would fail otherwise
        assertThat(encoder.pendingRepairs()).isZero();
        assertThat(allocator.allocations).isEqualTo(groups);
        assertThatThrownBy(() -> send(encoder, 5000, new byte[] {1}, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFactoryReturningTheWrongShapeIsDetected() {
        try (FecEncoder encoder = new FecEncoder(2, 1, MS, allocator, (k, m) -> ErasureCode.reedSolomon(k + 1, m))) {
            send(encoder, 0, new byte[] {1}, 0);
            assertThatThrownBy(() -> send(encoder, 1, new byte[] {2}, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("erasure code factory");
        }
    }
}
