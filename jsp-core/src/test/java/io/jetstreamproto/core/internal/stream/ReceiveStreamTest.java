package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.ProtocolViolationException;
import io.jetstreamproto.core.internal.flow.ReceiveWindow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReceiveStreamTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final long MS = 1_000_000L;
    private static final long T0 = 7_000 * MS;

    private final List<ReceiveStream> streams = new ArrayList<>();
    private ReceiveWindow connection = new ReceiveWindow(1 << 24);

    @AfterEach
    void releaseEverything() {
        streams.forEach(ReceiveStream::release);
    }

    private ReceiveStream stream(DeliveryMode mode, StreamLimits limits) {
        ReceiveStream stream = new ReceiveStream(StreamIds.streamId(2, mode, true), limits, 20 * MS, connection,
                ALLOC);
        streams.add(stream);
        return stream;
    }

    private ReceiveStream stream(DeliveryMode mode) {
        return stream(mode, new StreamLimits(10_000, 100_000));
    }

    /** Byte {@code i} of message {@code id}: a pattern, so reassembled content can be checked. */
    private static byte contentByte(long id, int i) {
        return (byte) (id * 31 + i);
    }

    private static Fragment fragment(ReceiveStream stream, long id, long offset, long length, int from, int count,
            boolean compressed) {
        ByteBuf data = ALLOC.buffer(count);
        for (int i = from; i < from + count; i++) {
            data.writeByte(contentByte(id, i));
        }
        return new Fragment(stream.streamId(), id, offset, length, from, data, compressed);
    }

    private static void receive(ReceiveStream stream, long id, long offset, long length, int from, int count) {
        stream.onFragment(fragment(stream, id, offset, length, from, count, false), T0);
    }

    private static void receiveWhole(ReceiveStream stream, long id, long offset, int length) {
        receive(stream, id, offset, length, 0, length);
    }

    /** Polls one message, checks its content against the pattern, releases it, returns its id (or -1). */
    private static long pollChecked(ReceiveStream stream, int expectedLength) {
        ReceivedMessage m = stream.pollMessage();
        if (m == null) {
            return -1;
        }
        try {
            assertThat(m.data().readableBytes()).isEqualTo(expectedLength);
            for (int i = 0; i < expectedLength; i++) {
                assertThat(m.data().getByte(m.data().readerIndex() + i)).as("byte " + i)
                        .isEqualTo(contentByte(m.messageId(), i));
            }
            return m.messageId();
        } finally {
            m.data().release();
        }
    }

    private static void assertViolation(ThrowingCallable call, ProtocolError expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolViolationException.class,
                e -> assertThat(e.error()).isEqualTo(expected));
    }

    @Test
    void reassemblesOutOfOrderOverlappingAndDuplicateFragments() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE);
        receive(stream, 0, 0, 300, 200, 100);
        receive(stream, 0, 0, 300, 50, 100);
        receive(stream, 0, 0, 300, 200, 100);
        receive(stream, 0, 0, 300, 100, 150);
        assertThat(stream.hasMessage()).isFalse();
        assertThat(stream.bufferedBytes()).isEqualTo(300);
        receive(stream, 0, 0, 300, 0, 300);
        assertThat(pollChecked(stream, 300)).isZero();
        receive(stream, 0, 0, 300, 0, 10); // late duplicate of a delivered message
        assertThat(stream.pollMessage()).isNull();
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.consumedOffset()).isEqualTo(300);
    }

    @Test
    void reliableDeliversInMessageIdOrder() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE);
        receiveWhole(stream, 1, 100, 50);
        receive(stream, 0, 0, 100, 0, 60);
        assertThat(stream.pollMessage()).as("message 0 is incomplete").isNull();
        receive(stream, 0, 0, 100, 60, 40);
        assertThat(pollChecked(stream, 100)).isZero();
        assertThat(pollChecked(stream, 50)).isOne();
        receiveWhole(stream, 2, 150, 0);
        ReceivedMessage empty = stream.pollMessage();
        assertThat(empty.messageId()).isEqualTo(2);
        assertThat(empty.data().readableBytes()).isZero();
        empty.data().release();
    }

    @Test
    void reliableUnorderedDeliversAsSoonAsCompleteAndExactlyOnce() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE_UNORDERED);
        receive(stream, 0, 0, 100, 0, 60);
        receiveWhole(stream, 1, 100, 50);
        assertThat(pollChecked(stream, 50)).isOne();
        receiveWhole(stream, 1, 100, 50);
        assertThat(stream.pollMessage()).as("delivered once").isNull();
        assertThat(stream.consumedOffset()).as("message 0 is not consumed yet").isZero();
        receive(stream, 0, 0, 100, 60, 40);
        assertThat(pollChecked(stream, 100)).isZero();
        assertThat(stream.consumedOffset()).isEqualTo(150);
        assertThat(stream.trackedMessageCount()).isZero();
    }

    @Test
    void partiallyReliableSkipAbandonsIncompleteMessagesAndDeliversCompleteOnesInOrder() {
        ReceiveStream stream = stream(DeliveryMode.PARTIALLY_RELIABLE);
        receive(stream, 0, 0, 100, 0, 10);
        receiveWhole(stream, 1, 100, 20);
        receive(stream, 3, 150, 40, 0, 10);
        assertThat(stream.pollMessage()).isNull();
        stream.onSkip(3, 150);
        assertThat(pollChecked(stream, 20)).isOne();
        assertThat(stream.pollMessage()).as("message 3 is still incomplete").isNull();
        assertThat(stream.consumedOffset()).isEqualTo(150);
        assertThat(stream.bufferedBytes()).isEqualTo(40);
        receive(stream, 0, 0, 100, 10, 90); // late fragment of an abandoned message
        receive(stream, 2, 120, 30, 0, 30); // message 2 was never seen before the skip
        assertThat(stream.pollMessage()).isNull();
        stream.onSkip(2, 120); // an older skip is ignored
        receive(stream, 3, 150, 40, 10, 30);
        assertThat(pollChecked(stream, 40)).isEqualTo(3);
        assertThat(stream.consumedOffset()).isEqualTo(190);
    }

    @Test
    void bestEffortDeliversCompleteMessagesWithoutWaitingAndDropsIncompleteOnesAfterTheTimeout() {
        ReceiveStream stream = stream(DeliveryMode.BEST_EFFORT);
        receive(stream, 0, 0, 100, 0, 50);
        receiveWhole(stream, 1, 100, 30);
        assertThat(pollChecked(stream, 30)).as("not blocked by message 0").isOne();
        assertThat(stream.nextTimeoutNanos()).isEqualTo(T0 + 20 * MS);
        stream.onTimeout(T0 + 20 * MS - 1);
        assertThat(stream.bufferedBytes()).isEqualTo(100);
        stream.onTimeout(T0 + 20 * MS);
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(stream.consumedOffset()).isEqualTo(130);
        receive(stream, 0, 0, 100, 50, 50);
        assertThat(stream.pollMessage()).as("a dropped message is never delivered").isNull();
        receive(stream, 2, 130, 10, 0, 5);
        stream.onSkip(3, 140);
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.consumedOffset()).isEqualTo(140);
    }

    @Test
    void malformedFragmentsAreProtocolViolationsAndLeaveTheStreamWorking() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE, new StreamLimits(1000, 4096));
        receive(stream, 0, 0, 100, 0, 50);
        assertViolation(() -> receive(stream, 0, 0, 100, 60, 41), ProtocolError.FRAME_ENCODING_ERROR);
        assertViolation(() -> receive(stream, 5, 500, 1001, 0, 1), ProtocolError.MESSAGE_TOO_LARGE);
        assertViolation(() -> receive(stream, 5, 3500, 600, 0, 1), ProtocolError.FLOW_CONTROL_ERROR);
        assertViolation(() -> receive(stream, 0, 1, 100, 50, 10), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> receive(stream, 0, 0, 99, 50, 10), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> stream.onFragment(fragment(stream, 0, 0, 100, 50, 10, true), T0),
                ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> receive(stream, 1, 99, 10, 0, 10), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> receive(stream, 1, 101, 10, 0, 10), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> receive(stream, 3, 50, 10, 0, 10), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> receive(stream, 64, 200, 10, 0, 10), ProtocolError.FLOW_CONTROL_ERROR);
        assertThat(stream.highestOffsetReceived()).isEqualTo(100);
        receive(stream, 0, 0, 100, 50, 50);
        receiveWhole(stream, 1, 100, 10);
        assertThat(pollChecked(stream, 100)).isZero();
        assertThat(pollChecked(stream, 10)).isOne();
    }

    @Test
    void theConnectionWindowIsEnforcedAcrossStreams() {
        connection = new ReceiveWindow(300);
        ReceiveStream first = stream(DeliveryMode.RELIABLE_UNORDERED);
        ReceiveStream second = stream(DeliveryMode.BEST_EFFORT);
        receive(first, 0, 0, 200, 0, 10);
        assertViolation(() -> receive(second, 0, 0, 101, 0, 1), ProtocolError.FLOW_CONTROL_ERROR);
        assertThat(second.highestOffsetReceived()).isZero();
        receive(second, 0, 0, 100, 0, 100);
        assertThat(connection.received()).isEqualTo(300);
        assertThat(pollChecked(second, 100)).isZero();
        assertThat(connection.consumed()).isEqualTo(100);
    }

    @Test
    void dataContradictingCloseOrResetIsAFinalSizeError() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE);
        receiveWhole(stream, 0, 0, 100);
        receive(stream, 1, 100, 50, 0, 10);
        assertViolation(() -> stream.onClose(2, 149), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> stream.onClose(1, 150), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> stream.onClose(2, 151), ProtocolError.FINAL_SIZE_ERROR); // message 1 ends at 150
        stream.onClose(3, 160);
        stream.onClose(3, 160);
        assertViolation(() -> stream.onClose(3, 161), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> receive(stream, 3, 160, 0, 0, 0), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> receive(stream, 2, 150, 11, 0, 1), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> receive(stream, 2, 150, 9, 0, 1), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> stream.onReset(0, 159), ProtocolError.FINAL_SIZE_ERROR);
        assertThat(stream.pollWindowUpdate()).as("no window updates after close").isEqualTo(-1);
        receive(stream, 1, 100, 50, 10, 40);
        receiveWhole(stream, 2, 150, 10);
        assertThat(pollChecked(stream, 100)).isZero();
        assertThat(pollChecked(stream, 50)).isOne();
        assertThat(stream.isFinished()).isFalse();
        assertThat(pollChecked(stream, 10)).isEqualTo(2);
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void skipsAreValidated() {
        ReceiveStream reliable = stream(DeliveryMode.RELIABLE);
        assertViolation(() -> reliable.onSkip(1, 10), ProtocolError.STREAM_STATE_ERROR);
        ReceiveStream stream = stream(DeliveryMode.PARTIALLY_RELIABLE, new StreamLimits(1000, 4096));
        receive(stream, 1, 100, 50, 0, 10);
        assertViolation(() -> stream.onSkip(1, 99), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> stream.onSkip(2, 140), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> stream.onSkip(5, 5000), ProtocolError.FLOW_CONTROL_ERROR);
        stream.onSkip(2, 150);
        assertViolation(() -> stream.onSkip(3, 149), ProtocolError.STREAM_STATE_ERROR);
        assertViolation(() -> stream.onSkip(2, 151), ProtocolError.STREAM_STATE_ERROR);
        stream.onClose(4, 200);
        assertViolation(() -> stream.onSkip(5, 200), ProtocolError.FINAL_SIZE_ERROR);
        assertViolation(() -> stream.onSkip(4, 199), ProtocolError.FINAL_SIZE_ERROR);
        stream.onSkip(4, 200);
        assertThat(stream.consumedOffset()).isEqualTo(200);
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void windowUpdatesFollowConsumption() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE, new StreamLimits(1000, 1000));
        assertThat(stream.maxStreamData()).isEqualTo(1000);
        receiveWhole(stream, 0, 0, 400);
        assertThat(stream.pollWindowUpdate()).as("nothing consumed yet").isEqualTo(-1);
        pollChecked(stream, 400);
        assertThat(stream.pollWindowUpdate()).as("less than half a window").isEqualTo(-1);
        receiveWhole(stream, 1, 400, 100);
        pollChecked(stream, 100);
        assertThat(stream.pollWindowUpdate()).isEqualTo(1500);
        assertThat(stream.pollWindowUpdate()).isEqualTo(-1);
        assertThat(stream.maxStreamData()).isEqualTo(1500);
        receiveWhole(stream, 2, 500, 10);
        pollChecked(stream, 10);
        stream.onStreamDataBlocked(1400); // stale
        assertThat(stream.pollWindowUpdate()).isEqualTo(-1);
        stream.onStreamDataBlocked(1500);
        assertThat(stream.pollWindowUpdate()).as("a blocked sender gets any credit there is").isEqualTo(1510);
        receiveWhole(stream, 3, 510, 1000); // up to the new limit exactly
        assertViolation(() -> receiveWhole(stream, 4, 1510, 1), ProtocolError.FLOW_CONTROL_ERROR);
    }

    @Test
    void resetDropsEverythingReturnsTheCreditAndIsReportedOnce() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE_UNORDERED);
        receive(stream, 0, 0, 100, 0, 50);
        receiveWhole(stream, 1, 100, 100);
        stream.onReset(9, 300);
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.pollMessage()).isNull();
        assertThat(stream.consumedOffset()).isEqualTo(300);
        assertThat(connection.consumed()).isEqualTo(300);
        assertThat(connection.received()).isEqualTo(300);
        stream.onReset(9, 300);
        assertViolation(() -> stream.onReset(9, 301), ProtocolError.FINAL_SIZE_ERROR);
        receive(stream, 2, 200, 100, 0, 100); // in-flight data after the reset is dropped
        assertViolation(() -> receive(stream, 2, 200, 101, 0, 1), ProtocolError.FINAL_SIZE_ERROR);
        assertThat(stream.isFinished()).isFalse();
        assertThat(stream.pollReset()).isEqualTo(9);
        assertThat(stream.pollReset()).isEqualTo(-1);
        assertThat(stream.isFinished()).isTrue();
        assertThat(stream.pollWindowUpdate()).isEqualTo(-1);
    }

    @Test
    void stopSendingDiscardsDataUntilThePeerResets() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE);
        receive(stream, 0, 0, 100, 0, 50);
        stream.stopSending(3);
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.pollStopSending()).isEqualTo(3);
        assertThat(stream.pollStopSending()).isEqualTo(-1);
        stream.onStopSendingLost();
        assertThat(stream.pollStopSending()).isEqualTo(3);
        receiveWhole(stream, 1, 100, 20);
        assertThat(stream.pollMessage()).isNull();
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.highestOffsetReceived()).isEqualTo(120);
        stream.onReset(3, 120);
        assertThat(connection.consumed()).isEqualTo(120);
        stream.onStopSendingLost();
        assertThat(stream.pollStopSending()).isEqualTo(-1);
    }

    /** A peer opening thousands of partial messages within the window: memory stays within the window. */
    @Test
    void hostileFragmentsOfManyMessagesStayWithinTheWindow() {
        long window = 4L << 20;
        ReceiveStream stream = stream(DeliveryMode.RELIABLE, new StreamLimits(1 << 20, window));
        long messages = new StreamLimits(1 << 20, window).messageIdWindow();
        assertThat(messages).isEqualTo(4096);
        for (long id = 1; id < messages; id++) { // message 0 never arrives, so nothing can be delivered
            receive(stream, id, id * 1024, 1024, 1, 1);
            assertThat(stream.bufferedBytes()).isLessThanOrEqualTo(window);
        }
        assertThat(stream.bufferedBytes()).isEqualTo((messages - 1) * 1024);
        assertThat(stream.trackedMessageCount()).isEqualTo((int) messages - 1);
        assertViolation(() -> receive(stream, messages, messages * 1024 - 1024, 1024, 0, 1),
                ProtocolError.FLOW_CONTROL_ERROR);
        assertViolation(() -> receive(stream, 5000, window, 1, 0, 1), ProtocolError.FLOW_CONTROL_ERROR);
        for (long id = 1; id < 4; id++) { // many tiny gaps inside one message cost a bit per byte at most
            for (int i = 0; i < 1024; i += 2) {
                receive(stream, id, id * 1024, 1024, i, 1);
            }
        }
        assertThat(stream.bufferedBytes()).isEqualTo((messages - 1) * 1024);
    }

    @Test
    void emptyMessagesCloseAndFinish() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE);
        receiveWhole(stream, 1, 0, 0);
        receiveWhole(stream, 0, 0, 0);
        stream.onClose(2, 0);
        assertThat(pollChecked(stream, 0)).isZero();
        assertThat(pollChecked(stream, 0)).isOne();
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void releaseFreesBuffersAndIgnoresLaterInput() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE_UNORDERED);
        receive(stream, 0, 0, 100, 0, 50);
        receiveWhole(stream, 1, 100, 10);
        stream.release();
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.pollMessage()).isNull();
        receiveWhole(stream, 2, 110, 10);
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void aFragmentOfAnotherStreamIsRejectedAndReleased() {
        ReceiveStream stream = stream(DeliveryMode.RELIABLE);
        Fragment foreign = new Fragment(stream.streamId() + 8, 0, 0, 1, 0, ALLOC.buffer(1).writeByte(1), false);
        assertThatThrownBy(() -> stream.onFragment(foreign, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(foreign.data().refCnt()).isZero();
    }

    @Test
    void constructorValidatesTheReassemblyTimeout() {
        long bestEffort = StreamIds.streamId(0, DeliveryMode.BEST_EFFORT, false);
        assertThatThrownBy(() -> new ReceiveStream(bestEffort, StreamLimits.DEFAULT, 0, connection, ALLOC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiveStream(0, new StreamLimits(0, 0), 0, connection, ALLOC))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
