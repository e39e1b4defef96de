package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.flow.FlowControlDefaults;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SendStream} → lossy, duplicating, reordering network → {@link ReceiveStream}, for all four delivery
 * modes, with random message sizes around the fragment size (see {@link StreamPair}).
 */
class StreamRoundTripTest {
    private static final int FRAGMENT = 64;
    private static final long MS = 1_000_000L;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 12);
    }

    static Stream<Arguments> modesAndSeeds() {
        return Stream.of(DeliveryMode.values()).flatMap(mode -> LongStream.rangeClosed(1, 6)
                .mapToObj(seed -> Arguments.of(mode, seed)));
    }

    /** Sizes from 0 to several fragments, favouring the boundaries. */
    private static int messageSize(Random random) {
        int[] edges = {0, 1, FRAGMENT - 1, FRAGMENT, FRAGMENT + 1, 2 * FRAGMENT, 3 * FRAGMENT, 3 * FRAGMENT + 1};
        return random.nextInt(3) == 0 ? random.nextInt(5 * FRAGMENT) : edges[random.nextInt(edges.length)];
    }

    private static StreamPair lossyPair(long seed, DeliveryMode mode) {
        StreamPair pair = new StreamPair(seed, StreamIds.streamId(3, mode, seed % 2 == 0), 15 * MS,
                StreamLimits.DEFAULT, FlowControlDefaults.INITIAL_MAX_DATA, 50 * MS);
        pair.lossRate = 0.2;
        pair.duplicateRate = 0.1;
        pair.spuriousLossRate = 0.05;
        pair.duplicateAckRate = 0.1;
        pair.controlLossRate = 0.2;
        return pair;
    }

    /** Queues {@code count} random messages, letting the network run a little between some of them. */
    private static void sendMessages(StreamPair pair, int count) {
        for (int i = 0; i < count; i++) {
            pair.send(pair.randomBytes(messageSize(pair.random)));
            if (pair.random.nextInt(4) == 0) {
                pair.step();
            }
        }
        pair.sender.close();
    }

    private static List<Long> deliveredIds(StreamPair pair) {
        return pair.delivered.stream().map(StreamPair.Delivered::messageId).collect(Collectors.toList());
    }

    private static void assertContentsMatch(StreamPair pair) {
        for (StreamPair.Delivered d : pair.delivered) {
            assertThat(d.data()).as(pair.seedText() + ": content of message " + d.messageId())
                    .isEqualTo(pair.sent.get(d.messageId()));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reliableDeliversEveryMessageExactlyOnceInOrder(long seed) {
        try (StreamPair pair = lossyPair(seed, DeliveryMode.RELIABLE)) {
            sendMessages(pair, 150);
            pair.runUntilFinished(100_000);
            assertThat(deliveredIds(pair)).as(pair.seedText())
                    .containsExactlyElementsOf(LongStream.range(0, 150).boxed().collect(Collectors.toList()));
            assertContentsMatch(pair);
            assertThat(pair.retransmittedBytes).as(pair.seedText() + ": losses must cause retransmissions")
                    .isPositive();
            assertThat(pair.sender.bufferedBytes()).as(pair.seedText()).isZero();
            assertThat(pair.receiver.bufferedBytes()).as(pair.seedText()).isZero();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reliableUnorderedDeliversEveryMessageExactlyOnce(long seed) {
        try (StreamPair pair = lossyPair(seed, DeliveryMode.RELIABLE_UNORDERED)) {
            sendMessages(pair, 150);
            pair.runUntilFinished(100_000);
            List<Long> ids = deliveredIds(pair);
            assertThat(ids).as(pair.seedText()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 150).boxed().collect(Collectors.toList()));
            assertContentsMatch(pair);
            assertThat(pair.receiver.trackedMessageCount()).as(pair.seedText()).isZero();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void partiallyReliableDeliversInOrderAndSkipsExpiredMessages(long seed) {
        try (StreamPair pair = lossyPair(seed, DeliveryMode.PARTIALLY_RELIABLE)) {
            pair.lossRate = 0.3;
            sendMessages(pair, 150);
            pair.runUntilFinished(100_000);
            List<Long> ids = deliveredIds(pair);
            assertThat(ids).as(pair.seedText()).isSorted().doesNotHaveDuplicates();
            assertContentsMatch(pair);
            assertThat(ids.size() + pair.sender.abandonedMessageCount())
                    .as(pair.seedText() + ": every message is delivered or abandoned by the sender")
                    .isGreaterThanOrEqualTo(150);
            assertThat(pair.sender.abandonedMessageCount()).as(pair.seedText()).isPositive();
            assertThat(pair.receiver.bufferedBytes()).as(pair.seedText()).isZero();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void partiallyReliableWithoutLossWithinTimeToLiveDeliversEverything(long seed) {
        try (StreamPair pair = lossyPair(seed, DeliveryMode.PARTIALLY_RELIABLE)) {
            pair.lossRate = 0;
            pair.spuriousLossRate = 0;
            sendMessages(pair, 100);
            pair.runUntilFinished(100_000);
            assertThat(deliveredIds(pair)).as(pair.seedText())
                    .containsExactlyElementsOf(LongStream.range(0, 100).boxed().collect(Collectors.toList()));
            assertContentsMatch(pair);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void partiallyReliableAbandonsMessagesThatExpireBeforeBeingSent(long seed) {
        // A 1 KiB stream window and an application that reads slowly keep messages queued past their TTL.
        StreamLimits limits = new StreamLimits(512, 1024);
        try (StreamPair pair = new StreamPair(seed, StreamIds.streamId(0, DeliveryMode.PARTIALLY_RELIABLE, false),
                5 * MS, limits, FlowControlDefaults.INITIAL_MAX_DATA, 0)) {
            pair.appPollRate = 0.2;
            for (int i = 0; i < 80; i++) {
                pair.send(pair.randomBytes(pair.random.nextInt(257)));
            }
            pair.sender.close();
            pair.runUntilFinished(100_000);
            List<Long> ids = deliveredIds(pair);
            assertThat(ids).as(pair.seedText()).isSorted().doesNotHaveDuplicates();
            assertContentsMatch(pair);
            assertThat(pair.sender.abandonedMessageCount()).as(pair.seedText()).isPositive();
            assertThat(ids.size() + pair.sender.abandonedMessageCount()).as(pair.seedText()).isGreaterThanOrEqualTo(80);
            assertThat(pair.fragmentsProduced).as(pair.seedText() + ": abandoned messages were never sent")
                    .isLessThan(80L * 5);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bestEffortNeverRetransmitsAndDeliversEachMessageAtMostOnce(long seed) {
        try (StreamPair pair = lossyPair(seed, DeliveryMode.BEST_EFFORT)) {
            pair.lossRate = 0.25;
            sendMessages(pair, 150);
            pair.runUntilFinished(100_000);
            assertThat(pair.retransmittedBytes).as(pair.seedText() + ": bytes sent twice").isZero();
            assertThat(pair.emptyRetransmissions).as(pair.seedText() + ": empty messages sent twice").isZero();
            List<Long> ids = deliveredIds(pair);
            assertThat(ids).as(pair.seedText()).doesNotHaveDuplicates();
            assertContentsMatch(pair);
            assertThat(ids.size() + pair.sender.abandonedMessageCount()).as(pair.seedText())
                    .isGreaterThanOrEqualTo(150);
            assertThat(ids.size()).as(pair.seedText() + ": most messages get through").isGreaterThan(30);
            assertThat(pair.sender.bufferedBytes()).as(pair.seedText()).isZero();
            assertThat(pair.receiver.bufferedBytes()).as(pair.seedText()).isZero();
        }
    }

    /**
     * Small windows, whole-message credit, a slow application and lossy control frames: the sender never
     * exceeds a limit (checked on every fragment by {@link StreamPair}, and by the receiver, which would throw
     * FLOW_CONTROL_ERROR) and the transfer still completes, thanks to window updates and BLOCKED frames.
     */
    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("modesAndSeeds")
    void smallWindowsAreRespectedAndTheTransferCompletes(DeliveryMode mode, long seed) {
        StreamLimits limits = new StreamLimits(3000, 4096);
        try (StreamPair pair = new StreamPair(seed, StreamIds.streamId(1, mode, true), 200 * MS, limits, 6000,
                500 * MS)) {
            pair.lossRate = 0.1;
            pair.controlLossRate = 0.3;
            pair.appPollRate = 0.3;
            pair.minFragmentBytes = 1;
            pair.maxFragmentBytes = 300;
            long total = 0;
            for (int i = 0; i < 60; i++) {
                int size = pair.random.nextInt(5) == 0 ? 3000 : pair.random.nextInt(1500);
                total += size;
                pair.send(pair.randomBytes(size));
            }
            pair.sender.close();
            pair.runUntilFinished(200_000);
            List<Long> ids = deliveredIds(pair);
            Set<Long> unique = new HashSet<>(ids);
            assertThat(unique).as(pair.seedText()).hasSameSizeAs(ids);
            assertContentsMatch(pair);
            if (mode.isReliable()) {
                assertThat(ids).as(pair.seedText()).hasSize(60);
            }
            assertThat(pair.receiver.consumedOffset()).as(pair.seedText()).isEqualTo(total);
            assertThat(pair.receiveWindow.consumed()).as(pair.seedText()).isEqualTo(total);
            assertThat(pair.sendCredit.committed()).as(pair.seedText()).isEqualTo(total);
            assertThat(pair.windowUpdates).as(pair.seedText()).isPositive();
            assertThat(pair.blockedSignals).as(pair.seedText() + ": the windows did constrain the sender")
                    .isPositive();
        }
    }
}
