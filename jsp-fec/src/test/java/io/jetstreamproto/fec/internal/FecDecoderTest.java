package io.jetstreamproto.fec.internal;

import static io.jetstreamproto.fec.internal.FecTestSupport.randomPacket;
import static io.jetstreamproto.fec.internal.FecTestSupport.receive;
import static io.jetstreamproto.fec.internal.FecTestSupport.receiveRepair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.jetstreamproto.fec.internal.FecTestSupport.CountingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FecDecoderTest {
    private static final long MS = 1_000_000L;
    private static final long TIMEOUT = FecDecoder.Config.defaults().groupTimeoutNanos();

    /** The decoder's allocator; the simulated sender uses its own so that counts stay separate. */
    private final CountingAllocator allocator = new CountingAllocator();
    private final CountingAllocator senderAllocator = new CountingAllocator();

    /** A group as a genuine sender produces it: the sealed packets and the encoded repair payloads. */
    private record SentGroup(long firstPn, List<byte[]> packets, List<byte[]> repairs) {
        byte[] packet(long pn) {
            return packets.get((int) (pn - firstPn));
        }
    }

    private SentGroup sendGroup(long firstPn, int k, int m, Random random, int maxLength) {
        List<byte[]> packets = new ArrayList<>();
        List<byte[]> repairs = new ArrayList<>();
        try (FecEncoder encoder = new FecEncoder(k, m, MS, senderAllocator)) {
            for (int i = 0; i < k; i++) {
                byte[] packet = randomPacket(random, 1, maxLength);
                packets.add(packet);
                FecTestSupport.send(encoder, firstPn + i, packet, 0);
            }
            encoder.flush();
            RepairPacket repair;
            while ((repair = encoder.pollRepair()) != null) {
                repairs.add(FecTestSupport.encode(repair));
                repair.release();
            }
        }
        return new SentGroup(firstPn, packets, repairs);
    }

    /** Polls every recovered packet, checks it, records its bytes and releases it. */
    private static List<long[]> drain(FecDecoder decoder, List<byte[]> bytesOut) {
        List<long[]> out = new ArrayList<>();
        RecoveredPacket packet;
        while ((packet = decoder.pollRecovered()) != null) {
            try {
                out.add(new long[] {packet.pn(), packet.packet().readableBytes()});
                if (bytesOut != null) {
                    bytesOut.add(FecTestSupport.bytes(packet.packet()));
                }
            } finally {
                packet.release();
            }
        }
        return out;
    }

    private static List<Long> drainPns(FecDecoder decoder) {
        return drain(decoder, null).stream().map(a -> a[0]).toList();
    }

    @Test
    void recoversAMissingPacketExactlyOnce() {
        Random random = new Random(0x5EED_0401L);
        SentGroup group = sendGroup(100, 10, 2, random, 1200);
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            for (long pn = 100; pn < 110; pn++) {
                if (pn != 103) {
                    receive(decoder, pn, group.packet(pn), 0);
                }
            }
            assertThat(decoder.pollRecovered()).isNull();
            receiveRepair(decoder, group.repairs().get(0), 1);
            List<byte[]> bytes = new ArrayList<>();
            assertThat(drain(decoder, bytes)).extracting(a -> a[0]).containsExactly(103L);
            assertThat(bytes.get(0)).isEqualTo(group.packet(103));
            receiveRepair(decoder, group.repairs().get(1), 2); // late: group finished
            receive(decoder, 103, group.packet(103), 3); // the original, late: not handed out again
            assertThat(decoder.pollRecovered()).isNull();
            FecStats stats = decoder.stats();
            assertThat(stats.recoveredPackets()).isEqualTo(1);
            assertThat(stats.groupsRecovered()).isEqualTo(1);
            assertThat(stats.repairPacketsReceived()).isEqualTo(2);
            assertThat(stats.lateRepairsIgnored()).isEqualTo(1);
            assertThat(decoder.openGroups()).isZero();
            assertThat(decoder.bufferedParityBytes()).isZero();
        }
    }

    @Test
    void recoversUpToMMissingPacketsAndNoMore() {
        Random random = new Random(0x5EED_0402L);
        SentGroup two = sendGroup(0, 10, 2, random, 500);
        SentGroup three = sendGroup(12, 10, 2, random, 500);
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            for (long pn = 0; pn < 10; pn++) {
                if (pn != 0 && pn != 9) {
                    receive(decoder, pn, two.packet(pn), 0);
                }
            }
            for (long pn = 12; pn < 22; pn++) {
                if (pn < 15 || pn > 17) {
                    receive(decoder, pn, three.packet(pn), 0);
                }
            }
            for (byte[] repair : two.repairs()) {
                receiveRepair(decoder, repair, 0);
            }
            for (byte[] repair : three.repairs()) {
                receiveRepair(decoder, repair, 0);
            }
            List<byte[]> bytes = new ArrayList<>();
            assertThat(drain(decoder, bytes)).extracting(a -> a[0]).containsExactly(0L, 9L);
            assertThat(bytes).containsExactly(two.packet(0), two.packet(9));
            assertThat(decoder.openGroups()).isEqualTo(1);
            assertThat(decoder.nextTimeoutNanos()).isEqualTo(TIMEOUT);
            decoder.onTimeout(TIMEOUT - 1);
            assertThat(decoder.openGroups()).isEqualTo(1);
            decoder.onTimeout(TIMEOUT);
            assertThat(decoder.openGroups()).isZero();
            assertThat(decoder.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
            assertThat(decoder.pollRecovered()).isNull();
            assertThat(decoder.stats().groupsUnrecoverable()).isEqualTo(1);
            assertThat(decoder.stats().groupsRecovered()).isEqualTo(1);
        }
    }

    @Test
    void aLateDataPacketCompletesAGroupOnlyBeforeItsTimeout() {
        Random random = new Random(0x5EED_0403L);
        for (boolean beforeTimeout : new boolean[] {true, false}) {
            SentGroup group = sendGroup(0, 10, 2, random, 300);
            try (FecDecoder decoder = new FecDecoder(allocator)) {
                for (long pn = 3; pn < 10; pn++) {
                    receive(decoder, pn, group.packet(pn), 0);
                }
                group.repairs().forEach(r -> receiveRepair(decoder, r, 0)); // 7 + 2 < 10: waits
                assertThat(decoder.pollRecovered()).isNull();
                long now = beforeTimeout ? TIMEOUT - 1 : TIMEOUT;
                receive(decoder, 0, group.packet(0), now); // 8 + 2 = 10: enough, if still open
                List<Long> recovered = drainPns(decoder);
                if (beforeTimeout) {
                    assertThat(recovered).containsExactly(1L, 2L);
                } else {
                    assertThat(recovered).isEmpty();
                    assertThat(decoder.stats().groupsUnrecoverable()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aGroupReceivedInFullNeedsNoParityAndStoresNone() {
        Random random = new Random(0x5EED_0404L);
        SentGroup group = sendGroup(0, 10, 2, random, 300);
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            for (long pn = 0; pn < 10; pn++) {
                receive(decoder, pn, group.packet(pn), 0);
            }
            group.repairs().forEach(r -> receiveRepair(decoder, r, 0));
            assertThat(decoder.pollRecovered()).isNull();
            assertThat(decoder.openGroups()).isZero();
            assertThat(decoder.stats().groupsCompletedWithoutLoss()).isEqualTo(1);
            assertThat(decoder.stats().lateRepairsIgnored()).isEqualTo(1);
            assertThat(allocator.allocations).isZero();
        }
    }

    @Test
    void repairsArrivingBeforeTheirDataWaitForIt() {
        Random random = new Random(0x5EED_0405L);
        SentGroup group = sendGroup(50, 10, 2, random, 300);
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            group.repairs().forEach(r -> receiveRepair(decoder, r, 0));
            assertThat(decoder.openGroups()).isEqualTo(1);
            for (long pn = 50; pn < 58; pn++) {
                receive(decoder, pn, group.packet(pn), 1);
            }
            List<byte[]> bytes = new ArrayList<>();
            assertThat(drain(decoder, bytes)).extracting(a -> a[0]).containsExactly(58L, 59L);
            assertThat(bytes).containsExactly(group.packet(58), group.packet(59));
            receive(decoder, 58, group.packet(58), 2);
            receive(decoder, 59, group.packet(59), 2);
            assertThat(decoder.pollRecovered()).isNull();
        }
    }

    /** A packet received but no longer stored is rebuilt as an erasure, yet never handed out as recovered. */
    @Test
    void aReceivedPacketEvictedFromTheStoreIsNeverHandedOut() {
        Random random = new Random(0x5EED_0406L);
        SentGroup group = sendGroup(0, 4, 2, random, 100);
        FecDecoder.Config config = FecDecoder.Config.defaults().withMaxStoredPackets(2);
        try (FecDecoder decoder = new FecDecoder(config, allocator)) {
            receive(decoder, 0, group.packet(0), 0);
            receive(decoder, 1, group.packet(1), 0);
            receive(decoder, 2, group.packet(2), 0); // evicts 0
            assertThat(decoder.storedPackets()).isEqualTo(2);
            group.repairs().forEach(r -> receiveRepair(decoder, r, 0)); // 2 stored + 2 parity = 4 = k
            List<byte[]> bytes = new ArrayList<>();
            assertThat(drain(decoder, bytes)).extracting(a -> a[0]).containsExactly(3L);
            assertThat(bytes.get(0)).isEqualTo(group.packet(3));
        }
    }

    @Test
    void inconsistentAndDuplicateRepairsAreDroppedAndCounted() {
        Random random = new Random(0x5EED_0407L);
        SentGroup group = sendGroup(0, 10, 3, random, 300);
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            for (long pn = 0; pn < 7; pn++) {
                receive(decoder, pn, group.packet(pn), 0);
            }
            receiveRepair(decoder, group.repairs().get(0), 0); // opens the group (7 + 1 < 10)
            receiveRepair(decoder, group.repairs().get(0), 0);
            assertThat(decoder.stats().duplicateRepairsDropped()).isEqualTo(1);

            byte[] otherK = group.repairs().get(1).clone();
            otherK[8] = 9;
            byte[] otherM = group.repairs().get(1).clone();
            otherM[9] = 4;
            receiveRepair(decoder, otherK, 0);
            receiveRepair(decoder, otherM, 0);
            // Same group, a different shard_length (and a payload that matches it).
            FecRepairHeader genuine = decodeHeader(group.repairs().get(1));
            FecRepairHeader shorter = new FecRepairHeader(0, 10, 3, 1, genuine.shardLength() - 1);
            ByteBuf parity = Unpooled.wrappedBuffer(new byte[shorter.shardLength()]);
            try {
                decoder.onRepairReceived(shorter, parity, 0);
            } finally {
                parity.release();
            }
            assertThat(decoder.stats().conflictingRepairsDropped()).isEqualTo(3);

            // The genuine shards still work afterwards.
            receiveRepair(decoder, group.repairs().get(1), 0);
            receiveRepair(decoder, group.repairs().get(2), 0);
            assertThat(drainPns(decoder)).containsExactly(7L, 8L, 9L);
            assertThat(decoder.stats().repairPacketsReceived()).isEqualTo(7);
        }
    }

    private static FecRepairHeader decodeHeader(byte[] payload) {
        ByteBuf in = Unpooled.wrappedBuffer(payload);
        try {
            return FecRepairHeader.decode(in);
        } finally {
            in.release();
        }
    }

    @Test
    void malformedRepairsAreDroppedAndCounted() {
        Random random = new Random(0x5EED_0408L);
        SentGroup group = sendGroup(0, 10, 2, random, 300);
        FecDecoder.Config config = FecDecoder.Config.defaults().withMaxShards(8, 2);
        try (FecDecoder decoder = new FecDecoder(config, allocator)) {
            assertThat(receiveRepair(decoder, new byte[] {1, 2, 3}, 0)).isFalse();
            byte[] genuine = group.repairs().get(0);
            byte[] truncated = java.util.Arrays.copyOf(genuine, genuine.length - 1);
            byte[] trailing = java.util.Arrays.copyOf(genuine, genuine.length + 1);
            assertThat(receiveRepair(decoder, truncated, 0)).isFalse();
            assertThat(receiveRepair(decoder, trailing, 0)).isFalse();
            // Parity length different from shard_length, through the pre-decoded entry point.
            FecRepairHeader header = decodeHeader(genuine);
            ByteBuf shortParity = Unpooled.wrappedBuffer(new byte[header.shardLength() - 1]);
            try {
                decoder.onRepairReceived(header, shortParity, 0);
            } finally {
                shortParity.release();
            }
            // Well-formed but above this decoder's limit of 8 data shards.
            assertThat(receiveRepair(decoder, genuine, 0)).isTrue();
            assertThat(decoder.openGroups()).isZero();
            FecStats stats = decoder.stats();
            assertThat(stats.malformedRepairsDropped()).isEqualTo(5);
            assertThat(stats.repairPacketsReceived()).isEqualTo(5);
        }
    }

    @Test
    void aShardTooShortForAReceivedPacketMarksTheGroupCorrupt() {
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            receive(decoder, 0, new byte[40], 0);
            // Claims shards of 10 bytes, yet packet 0 needs 42.
            ByteBuf parity = Unpooled.wrappedBuffer(new byte[10]);
            try {
                decoder.onRepairReceived(new FecRepairHeader(0, 2, 1, 0, 10), parity, 0);
            } finally {
                parity.release();
            }
            assertThat(decoder.pollRecovered()).isNull();
            assertThat(decoder.stats().groupsCorrupt()).isEqualTo(1);
            assertThat(decoder.openGroups()).isZero();
        }
    }

    /**
     * Forged parity under a genuine-looking header: the rebuilt bytes are garbage. The decoder must either reject
     * the group (a length prefix of 0 or above shard_length - 2) or hand out a packet within the shard bounds,
     * never throw and never copy out of bounds.
     */
    @Test
    void forgedParityNeverEscapesTheShardBounds() {
        long seed = 0x5EED_0409L;
        Random random = new Random(seed);
        int corrupt = 0;
        int emitted = 0;
        for (int trial = 0; trial < 2000; trial++) {
            int k = 1 + random.nextInt(10);
            int m = 1 + random.nextInt(3);
            SentGroup group = sendGroup(trial * 300L, k, m, random, 1 + random.nextInt(300));
            int shardLength = decodeHeader(group.repairs().get(0)).shardLength();
            try (FecDecoder decoder = new FecDecoder(allocator)) {
                int lost = 1 + random.nextInt(m);
                for (int i = lost; i < k; i++) {
                    receive(decoder, group.firstPn() + i, group.packets().get(i), 0);
                }
                for (int j = 0; j < m; j++) {
                    byte[] forged = group.repairs().get(j).clone();
                    byte[] noise = new byte[forged.length - 13];
                    random.nextBytes(noise);
                    System.arraycopy(noise, 0, forged, 13, noise.length);
                    receiveRepair(decoder, forged, 0);
                }
                for (long[] packet : drain(decoder, null)) {
                    emitted++;
                    assertThat(packet[1]).as("seed=%d trial=%d", seed, trial).isBetween(1L, shardLength - 2L);
                    assertThat(packet[0]).as("seed=%d trial=%d", seed, trial)
                            .isBetween(group.firstPn(), group.firstPn() + lost - 1);
                }
                corrupt += (int) decoder.stats().groupsCorrupt();
            }
        }
        // A random prefix is valid with probability about (shard_length - 2) / 65536: nearly always corrupt.
        assertThat(corrupt).as("seed=%d", seed).isGreaterThan(1900);
        assertThat(corrupt + emitted).as("seed=%d", seed).isGreaterThan(0);
    }

    /** Single bit flips anywhere in genuine repair payloads: typed outcomes only, bounds always hold. */
    @Test
    void bitFlippedRepairsAreHandledWithoutExceptions() {
        long seed = 0x5EED_040AL;
        Random random = new Random(seed);
        for (int trial = 0; trial < 3000; trial++) {
            SentGroup group = sendGroup(1000, 6, 2, random, 200);
            try (FecDecoder decoder = new FecDecoder(allocator)) {
                for (int i = 2; i < 6; i++) {
                    receive(decoder, 1000 + i, group.packets().get(i), 0);
                }
                for (byte[] repair : group.repairs()) {
                    byte[] flipped = repair.clone();
                    int bit = random.nextInt(flipped.length * 8);
                    flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
                    try {
                        receiveRepair(decoder, flipped, 0);
                    } catch (RuntimeException e) {
                        fail("seed=" + seed + " trial=" + trial + " bit=" + bit + " threw " + e, e);
                    }
                }
                for (long[] packet : drain(decoder, null)) {
                    assertThat(packet[1]).as("seed=%d trial=%d", seed, trial).isBetween(1L, 65533L);
                    assertThat(packet[0]).as("seed=%d trial=%d: never a received pn", seed, trial)
                            .isNotIn(1002L, 1003L, 1004L, 1005L);
                }
            }
        }
    }

    /**
     * Random data and random (mostly well-formed) repairs under small limits: no exception, bounds hold after
     * every call, and each recovered packet number is new and handed out once.
     */
    @Test
    void stateStaysBoundedUnderArbitraryInput() {
        long seed = 0x5EED_040BL;
        Random random = new Random(seed);
        FecDecoder.Config config = new FecDecoder.Config(32, 8 * 1024, 8, 128 * 1024, 50 * MS, 16, 16);
        Set<Long> received = new HashSet<>();
        Set<Long> recovered = new HashSet<>();
        long now = 0;
        try (FecDecoder decoder = new FecDecoder(config, allocator)) {
            for (int step = 0; step < 30_000; step++) {
                now += random.nextInt(2 * (int) MS);
                long base = (step / 10) + random.nextInt(64);
                try {
                    if (random.nextInt(3) == 0) {
                        received.add(base);
                        receive(decoder, base, randomPacket(random, 0, 2000), now);
                    } else {
                        int k = 1 + random.nextInt(20);
                        int m = 1 + random.nextInt(20);
                        int shardLength = random.nextInt(5) == 0 ? random.nextInt(70_000) : 3 + random.nextInt(3000);
                        ByteBuf payload = Unpooled.buffer();
                        try {
                            payload.writeLong(random.nextInt(8) == 0 ? random.nextLong() : base)
                                    .writeByte(k).writeByte(m).writeByte(random.nextInt(m + 1))
                                    .writeShort(shardLength);
                            byte[] parity = new byte[Math.max(0, (shardLength & 0xFFFF) + random.nextInt(3) - 1)];
                            random.nextBytes(parity);
                            payload.writeBytes(parity);
                            decoder.onRepairPacket(payload, now);
                        } finally {
                            payload.release();
                        }
                    }
                } catch (RuntimeException e) {
                    fail("seed=" + seed + " step=" + step + " threw " + e, e);
                }
                RecoveredPacket packet;
                while ((packet = decoder.pollRecovered()) != null) {
                    try {
                        assertThat(received).as("seed=%d step=%d", seed, step).doesNotContain(packet.pn());
                        assertThat(recovered.add(packet.pn())).as("seed=%d step=%d once", seed, step).isTrue();
                        assertThat(packet.packet().readableBytes()).isBetween(1, FecRepairHeader.MAX_PACKET_LENGTH);
                    } finally {
                        packet.release();
                    }
                }
                assertThat(decoder.openGroups()).as("seed=%d step=%d", seed, step).isLessThanOrEqualTo(8);
                assertThat(decoder.bufferedParityBytes()).isLessThanOrEqualTo(128 * 1024);
                assertThat(decoder.storedPackets()).isLessThanOrEqualTo(32);
                assertThat(decoder.storedBytes()).isLessThanOrEqualTo(8 * 1024);
            }
            FecStats stats = decoder.stats();
            assertThat(stats.malformedRepairsDropped()).as("seed=%d", seed).isPositive();
            assertThat(stats.groupsEvicted() + stats.groupsUnrecoverable()).as("seed=%d", seed).isPositive();
        }
    }

    @Test
    void openGroupsAreEvictedOldestFirstWhenTheCountBoundIsHit() {
        FecDecoder.Config config = FecDecoder.Config.defaults().withMaxOpenGroups(2);
        try (FecDecoder decoder = new FecDecoder(config, allocator)) {
            for (int g = 0; g < 3; g++) {
                ByteBuf parity = Unpooled.wrappedBuffer(new byte[10]);
                try {
                    decoder.onRepairReceived(new FecRepairHeader(g * 100L, 5, 2, 0, 10), parity, g);
                } finally {
                    parity.release();
                }
            }
            assertThat(decoder.openGroups()).isEqualTo(2);
            assertThat(decoder.stats().groupsEvicted()).isEqualTo(1);
            assertThat(decoder.nextTimeoutNanos()).isEqualTo(1 + TIMEOUT); // group 0 (created at 0) is gone
        }
    }

    @Test
    void parityBytesAreBoundedByEvictingOldGroups() {
        FecDecoder.Config config = FecDecoder.Config.defaults().withMaxParityBytes(100_000);
        try (FecDecoder decoder = new FecDecoder(config, allocator)) {
            for (int g = 0; g < 4; g++) {
                ByteBuf parity = Unpooled.wrappedBuffer(new byte[30_000]);
                try {
                    decoder.onRepairReceived(new FecRepairHeader(g * 100L, 5, 2, 0, 30_000), parity, 0);
                } finally {
                    parity.release();
                }
            }
            assertThat(decoder.bufferedParityBytes()).isEqualTo(90_000);
            assertThat(decoder.openGroups()).isEqualTo(3);
            assertThat(decoder.stats().groupsEvicted()).isEqualTo(1);
            // A group that alone would exceed the bound gives itself up.
            ByteBuf parity = Unpooled.wrappedBuffer(new byte[60_000]);
            try {
                decoder.onRepairReceived(new FecRepairHeader(300, 5, 2, 1, 60_000), parity, 0);
                decoder.onRepairReceived(new FecRepairHeader(900, 5, 2, 0, 60_000), parity, 0);
                decoder.onRepairReceived(new FecRepairHeader(900, 5, 2, 1, 60_000), parity, 0);
            } finally {
                parity.release();
            }
            assertThat(decoder.bufferedParityBytes()).isLessThanOrEqualTo(100_000);
        }
    }

    @Test
    void unpolledRecoveredPacketsAreBoundedAndCloseReleasesThem() {
        Random random = new Random(0x5EED_040CL);
        FecDecoder decoder = new FecDecoder(FecDecoder.Config.defaults().withMaxOpenGroups(2), allocator);
        int groups = FecDecoder.MAX_PENDING_RECOVERED + 10;
        for (int g = 0; g < groups; g++) {
            SentGroup group = sendGroup(g * 2L, 1, 1, random, 20); // the data packet is lost, its copy arrives
            receiveRepair(decoder, group.repairs().get(0), 0);
        }
        assertThat(decoder.stats().recoveredPackets()).isEqualTo(groups);
        assertThat(decoder.stats().recoveredPacketsDiscarded()).isEqualTo(10);
        RecoveredPacket first = decoder.pollRecovered();
        try {
            assertThat(first.pn()).isEqualTo(20);
        } finally {
            first.release();
        }
        decoder.close();
        assertThat(decoder.pollRecovered()).isNull();
        assertThatThrownBy(() -> receive(decoder, 1, new byte[] {1}, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inputBuffersAreNeitherTakenNorMoved() {
        Random random = new Random(0x5EED_040DL);
        SentGroup group = sendGroup(0, 2, 1, random, 50);
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            ByteBuf data = allocator.buffer().writeBytes(group.packet(0));
            ByteBuf repair = allocator.buffer().writeBytes(group.repairs().get(0));
            try {
                decoder.onPacketReceived(0, data, 0);
                decoder.onRepairPacket(repair, 0);
                assertThat(data.readerIndex()).isZero();
                assertThat(data.refCnt()).isEqualTo(1);
                assertThat(repair.readerIndex()).isZero();
                assertThat(repair.refCnt()).isEqualTo(1);
            } finally {
                data.release();
                repair.release();
            }
            List<byte[]> bytes = new ArrayList<>();
            assertThat(drain(decoder, bytes)).extracting(a -> a[0]).containsExactly(1L);
            assertThat(bytes.get(0)).isEqualTo(group.packet(1));
        }
    }

    @Test
    void packetsThatCannotBeShardsAreNotedButNotStored() {
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            receive(decoder, 0, new byte[0], 0);
            receive(decoder, 1, new byte[65534], 0);
            assertThat(decoder.storedPackets()).isZero();
            ByteBuf parity = Unpooled.wrappedBuffer(new byte[10]);
            try {
                decoder.onRepairReceived(new FecRepairHeader(0, 2, 1, 0, 10), parity, 0);
            } finally {
                parity.release();
            }
            assertThat(decoder.stats().groupsCompletedWithoutLoss()).isEqualTo(1); // both were received
        }
    }

    @Test
    void rejectsInvalidArguments() {
        try (FecDecoder decoder = new FecDecoder(allocator)) {
            assertThatThrownBy(() -> receive(decoder, -1, new byte[] {1}, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pn");
            assertThatThrownBy(() -> receive(decoder, 1L << 62, new byte[] {1}, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        FecDecoder.Config d = FecDecoder.Config.defaults();
        assertThatThrownBy(() -> d.withMaxStoredPackets(0)).hasMessageContaining("maxStoredPackets");
        assertThatThrownBy(() -> d.withMaxStoredBytes(0)).hasMessageContaining("maxStoredBytes");
        assertThatThrownBy(() -> d.withMaxOpenGroups(0)).hasMessageContaining("maxOpenGroups");
        assertThatThrownBy(() -> d.withMaxParityBytes(65534)).hasMessageContaining("maxParityBytes");
        assertThatThrownBy(() -> d.withGroupTimeoutNanos(0)).hasMessageContaining("groupTimeoutNanos");
        assertThatThrownBy(() -> d.withMaxShards(0, 1)).hasMessageContaining("maxDataShards");
        assertThatThrownBy(() -> d.withMaxShards(1, 256)).hasMessageContaining("maxParityShards");
    }
}
