package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.core.internal.DeliveryMode;
import io.jetstreamproto.core.internal.MessageTooLargeException;
import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.StreamResetException;
import io.jetstreamproto.core.internal.flow.SendCredit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendStreamTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;

    private final List<SendStream> streams = new ArrayList<>();
    private final List<Fragment> fragments = new ArrayList<>();
    private SendCredit credit = new SendCredit(1 << 20);

    @AfterEach
    void releaseEverything() {
        fragments.forEach(f -> f.data().release());
        streams.forEach(SendStream::release);
    }

    private SendStream stream(DeliveryMode mode, long ttlNanos, StreamLimits limits) {
        SendStream stream = new SendStream(StreamIds.streamId(0, mode, false), Priority.CHAT, ttlNanos, limits,
                credit);
        streams.add(stream);
        return stream;
    }

    private SendStream reliable() {
        return stream(DeliveryMode.RELIABLE, 0, new StreamLimits(10_000, 100_000));
    }

    private static ByteBuf bytes(int length) {
        ByteBuf buffer = ALLOC.buffer(length);
        for (int i = 0; i < length; i++) {
            buffer.writeByte(i);
        }
        return buffer;
    }

    private Fragment next(SendStream stream, int max, long now) {
        Fragment f = stream.nextFragment(max, now);
        if (f != null) {
            fragments.add(f);
        }
        return f;
    }

    private static String describe(Fragment f) {
        return f.messageId() + "@" + f.messageOffset() + "/" + f.messageLength() + ":" + f.fragmentOffset() + "+"
                + f.length();
    }

    @Test
    void fragmentsMessagesOnDemandWithCumulativeOffsets() {
        SendStream stream = reliable();
        assertThat(stream.send(bytes(250), false, T0)).isZero();
        assertThat(stream.send(bytes(0), true, T0)).isEqualTo(1);
        assertThat(stream.send(bytes(100), false, T0)).isEqualTo(2);
        List<String> produced = new ArrayList<>();
        for (Fragment f = next(stream, 100, T0); f != null; f = next(stream, 100, T0)) {
            produced.add(describe(f));
        }
        assertThat(produced).containsExactly("0@0/250:0+100", "0@0/250:100+100", "0@0/250:200+50", "1@250/0:0+0",
                "2@250/100:0+100");
        assertThat(fragments.get(3).compressed()).isTrue();
        assertThat(fragments.get(1).data().getByte(0)).isEqualTo((byte) 100);
        assertThat(fragments.get(2).isLast()).isTrue();
        assertThat(stream.bufferedBytes()).isEqualTo(350);
        assertThat(stream.hasPendingData()).isFalse();
    }

    @Test
    void retransmissionsComeFirstAndOnlyUnacknowledgedBytesAreResent() {
        SendStream stream = reliable();
        stream.send(bytes(300), false, T0);
        stream.send(bytes(50), false, T0);
        Fragment first = next(stream, 200, T0);
        next(stream, 200, T0);
        stream.onFragmentAcked(0, 50, 100); // a later partial retransmission covered [50, 150)
        stream.onFragmentLost(0, first.fragmentOffset(), first.length(), T0);
        assertThat(describe(next(stream, 30, T0))).isEqualTo("0@0/300:0+30");
        assertThat(describe(next(stream, 200, T0))).isEqualTo("0@0/300:30+20");
        assertThat(describe(next(stream, 200, T0))).isEqualTo("0@0/300:150+50");
        assertThat(describe(next(stream, 200, T0))).isEqualTo("1@300/50:0+50");
        assertThat(next(stream, 200, T0)).isNull();
    }

    @Test
    void acknowledgementsAndLossesAreIdempotent() {
        SendStream stream = reliable();
        ByteBuf message = bytes(100);
        stream.send(message, false, T0);
        Fragment f = next(stream, 100, T0);
        stream.onFragmentLost(0, 0, 100, T0);
        stream.onFragmentLost(0, 0, 100, T0);
        Fragment again = next(stream, 100, T0);
        assertThat(describe(again)).isEqualTo(describe(f));
        assertThat(next(stream, 100, T0)).as("a duplicate loss report must not queue a second copy").isNull();
        stream.onFragmentAcked(0, 0, 100);
        stream.onFragmentAcked(0, 0, 100);
        stream.onFragmentLost(0, 0, 100, T0); // late report for the first copy: already acknowledged
        assertThat(stream.hasPendingData()).isFalse();
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.isFullyAcked()).isTrue();
        assertThat(message.refCnt()).as("only the two fragments' slices hold it").isEqualTo(2);
        fragments.forEach(fragment -> fragment.data().release());
        fragments.clear();
        assertThat(message.refCnt()).as("released once, when fully acknowledged").isZero();
    }

    @Test
    void reportsForBytesNeverSentAreRejected() {
        SendStream stream = reliable();
        stream.send(bytes(100), false, T0);
        next(stream, 40, T0);
        assertThatThrownBy(() -> stream.onFragmentAcked(1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stream.onFragmentAcked(0, 30, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stream.nextFragment(0, T0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageIsStartedOnlyWhenTheWholeMessageFitsTheStreamCredit() {
        SendStream stream = stream(DeliveryMode.RELIABLE, 0, new StreamLimits(1000, 1000));
        stream.send(bytes(600), false, T0);
        stream.send(bytes(500), false, T0);
        for (Fragment f = next(stream, 1000, T0); f != null; f = next(stream, 1000, T0)) {
            assertThat(f.messageId()).isZero();
        }
        assertThat(stream.hasPendingData()).isFalse();
        assertThat(stream.pollDataBlocked()).isEqualTo(1000);
        assertThat(stream.pollDataBlocked()).as("reported once per limit").isEqualTo(-1);
        stream.onDataBlockedLost(1000);
        assertThat(stream.pollDataBlocked()).as("resent after loss").isEqualTo(1000);
        stream.onMaxStreamData(1099);
        assertThat(stream.hasPendingData()).isFalse();
        assertThat(stream.pollDataBlocked()).isEqualTo(1099);
        stream.onMaxStreamData(1100);
        stream.onMaxStreamData(900); // decreases are ignored
        assertThat(stream.maxStreamData()).isEqualTo(1100);
        assertThat(stream.hasPendingData()).isTrue();
        assertThat(describe(next(stream, 1000, T0))).isEqualTo("1@600/500:0+500");
        assertThat(credit.committed()).isEqualTo(1100);
    }

    @Test
    void aMessageIsStartedOnlyWhenTheWholeMessageFitsTheConnectionCredit() {
        credit = new SendCredit(700);
        SendStream stream = reliable();
        stream.send(bytes(400), false, T0);
        stream.send(bytes(400), false, T0);
        next(stream, 100, T0);
        assertThat(credit.committed()).as("the whole message is reserved at its start").isEqualTo(400);
        for (Fragment f = next(stream, 1000, T0); f != null; f = next(stream, 1000, T0)) {
            assertThat(f.messageId()).isZero();
        }
        assertThat(credit.blocked()).isTrue();
        assertThat(credit.pollDataBlocked()).isEqualTo(700);
        credit.onMaxData(800);
        assertThat(describe(next(stream, 1000, T0))).isEqualTo("1@400/400:0+400");
        assertThat(credit.committed()).isEqualTo(800);
    }

    @Test
    void messagesThatCouldNeverBeSentAreRejected() {
        SendStream stream = stream(DeliveryMode.RELIABLE, 0, new StreamLimits(1000, 800));
        ByteBuf tooLarge = bytes(801);
        assertThatThrownBy(() -> stream.send(tooLarge, false, T0)).isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("801").hasMessageContaining("800");
        assertThat(tooLarge.refCnt()).isZero();
        assertThat(stream.send(bytes(800), false, T0)).isZero();
    }

    @Test
    void sendingAfterCloseIsAnError() {
        SendStream stream = reliable();
        stream.close();
        ByteBuf message = bytes(10);
        assertThatThrownBy(() -> stream.send(message, false, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(message.refCnt()).isZero();
    }

    @Test
    void closeIsDueOnceEveryMessageIsStartedAndIsResentUntilAcknowledged() {
        SendStream stream = reliable();
        stream.send(bytes(150), false, T0);
        stream.send(bytes(20), false, T0);
        stream.close();
        stream.close();
        assertThat(stream.pollClose()).as("messages not started yet").isNull();
        next(stream, 100, T0);
        next(stream, 100, T0);
        assertThat(stream.pollClose()).isNull();
        next(stream, 100, T0);
        assertThat(stream.hasPendingSignals()).isTrue();
        CloseSignal close = stream.pollClose();
        assertThat(close).isEqualTo(new CloseSignal(stream.streamId(), 2, 170));
        assertThat(stream.pollClose()).isNull();
        stream.onCloseLost();
        assertThat(stream.pollClose()).isEqualTo(close);
        stream.onCloseAcked();
        stream.onCloseLost();
        assertThat(stream.pollClose()).isNull();
        assertThat(stream.isFinished()).as("data not acknowledged yet").isFalse();
        stream.onFragmentAcked(0, 0, 100);
        stream.onFragmentAcked(0, 100, 50);
        stream.onFragmentAcked(1, 0, 20);
        assertThat(stream.isFinished()).isTrue();
    }

    @Test
    void resetReleasesEverythingAndReportsTheReservedOffset() {
        SendStream stream = reliable();
        ByteBuf inFlight = bytes(100);
        ByteBuf queued = bytes(100);
        stream.send(inFlight, false, T0);
        stream.send(queued, false, T0);
        next(stream, 60, T0);
        stream.reset(7);
        assertThat(inFlight.refCnt()).as("only the fragment's slice still holds it").isEqualTo(1);
        assertThat(queued.refCnt()).isZero();
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.nextFragment(100, T0)).isNull();
        assertThat(stream.pollReset()).isEqualTo(new ResetSignal(stream.streamId(), 7, 100));
        assertThat(stream.pollReset()).isNull();
        stream.onResetLost();
        assertThat(stream.pollReset()).isNotNull();
        stream.onFragmentAcked(0, 0, 60); // late acknowledgement after reset is ignored
        stream.onResetAcked();
        assertThat(stream.isFinished()).isTrue();
        ByteBuf late = bytes(5);
        assertThatThrownBy(() -> stream.send(late, false, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void stopSendingResetsWithThePeersCodeAndFailsLaterSends() {
        SendStream stream = reliable();
        stream.send(bytes(10), false, T0);
        stream.onStopSending(42);
        assertThat(stream.isReset()).isTrue();
        assertThat(stream.pollReset().errorCode()).isEqualTo(42);
        ByteBuf late = bytes(5);
        assertThatThrownBy(() -> stream.send(late, false, T0)).isInstanceOf(StreamResetException.class)
                .satisfies(e -> assertThat(((StreamResetException) e).errorCode()).isEqualTo(42));
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void partiallyReliableMessageExpiredBeforeSendingIsSkippedWithoutBeingSent() {
        SendStream stream = stream(DeliveryMode.PARTIALLY_RELIABLE, 10 * MS, new StreamLimits(1000, 1000));
        ByteBuf expired = bytes(100);
        stream.send(expired, false, T0);
        stream.send(bytes(30), false, T0 + 5 * MS);
        assertThat(stream.nextExpiryNanos()).isEqualTo(T0 + 10 * MS);
        stream.expire(T0 + 10 * MS);
        assertThat(expired.refCnt()).isZero();
        assertThat(stream.abandonedMessageCount()).isOne();
        assertThat(stream.pollSkip()).isEqualTo(new SkipSignal(stream.streamId(), 1, 100));
        assertThat(describe(next(stream, 500, T0 + 10 * MS))).isEqualTo("1@100/30:0+30");
        assertThat(stream.nextExpiryNanos()).as("measured from the first transmission").isEqualTo(T0 + 20 * MS);
    }

    @Test
    void partiallyReliableRetransmitsWithinTheTimeToLiveAndAbandonsAfterIt() {
        SendStream stream = stream(DeliveryMode.PARTIALLY_RELIABLE, 10 * MS, new StreamLimits(1000, 1000));
        stream.send(bytes(200), false, T0);
        next(stream, 100, T0 + MS);
        next(stream, 100, T0 + 3 * MS);
        stream.onFragmentLost(0, 0, 100, T0 + 10 * MS);
        assertThat(describe(next(stream, 100, T0 + 10 * MS))).isEqualTo("0@0/200:0+100");
        stream.onFragmentLost(0, 100, 100, T0 + 11 * MS);
        assertThat(stream.bufferedBytes()).isZero();
        assertThat(stream.nextFragment(100, T0 + 11 * MS)).as("never retransmitted after its TTL").isNull();
        SkipSignal skip = stream.pollSkip();
        assertThat(skip).isEqualTo(new SkipSignal(stream.streamId(), 1, 200));
        stream.onSkipLost(skip);
        assertThat(stream.pollSkip()).as("a lost skip is resent").isEqualTo(skip);
        stream.onSkipAcked(skip);
        stream.onSkipLost(skip);
        assertThat(stream.pollSkip()).isNull();
        assertThat(stream.isFullyAcked()).isTrue();
    }

    @Test
    void aSkipNeverCutsOffAnOlderMessageThatIsStillBeingDelivered() {
        SendStream stream = stream(DeliveryMode.BEST_EFFORT, 0, new StreamLimits(1000, 1000));
        stream.send(bytes(50), false, T0);
        stream.send(bytes(50), false, T0);
        stream.send(bytes(50), false, T0);
        next(stream, 100, T0);
        next(stream, 100, T0);
        next(stream, 100, T0);
        stream.onFragmentLost(1, 0, 50, T0);
        assertThat(stream.pollSkip()).as("message 0 may still arrive").isNull();
        stream.onFragmentAcked(0, 0, 50);
        assertThat(stream.pollSkip()).isEqualTo(new SkipSignal(stream.streamId(), 2, 100));
        stream.onFragmentLost(2, 0, 50, T0);
        assertThat(stream.pollSkip()).as("skips only move forward").isEqualTo(new SkipSignal(stream.streamId(), 3, 150));
    }

    @Test
    void bestEffortNeverRetransmitsAndReleasesDataOnceSent() {
        SendStream stream = stream(DeliveryMode.BEST_EFFORT, 0, new StreamLimits(1000, 1000));
        ByteBuf message = bytes(150);
        stream.send(message, false, T0);
        next(stream, 100, T0);
        assertThat(message.refCnt()).as("still being sent").isPositive();
        stream.onFragmentLost(0, 0, 100, T0);
        assertThat(stream.nextFragment(100, T0)).as("the rest of an abandoned message is not sent").isNull();
        assertThat(stream.pollSkip()).isEqualTo(new SkipSignal(stream.streamId(), 1, 150));
        assertThat(stream.bufferedBytes()).isZero();
        fragments.forEach(f -> f.data().release());
        fragments.clear();
        assertThat(message.refCnt()).isZero();
    }

    @Test
    void messageIdsRunAtMostOneWindowAheadOfTheOldestUnacknowledgedMessage() {
        SendStream stream = stream(DeliveryMode.RELIABLE, 0, new StreamLimits(1000, 65_536)); // W = 65536 / 1024
        for (int i = 0; i < 100; i++) {
            stream.send(bytes(0), false, T0);
        }
        int started = 0;
        while (next(stream, 10, T0) != null) {
            started++;
        }
        assertThat(started).isEqualTo(64);
        stream.onFragmentAcked(1, 0, 0);
        assertThat(stream.hasPendingData()).as("message 0 is still the oldest").isFalse();
        stream.onFragmentAcked(0, 0, 0);
        assertThat(describe(next(stream, 10, T0))).isEqualTo("64@0/0:0+0");
        assertThat(describe(next(stream, 10, T0))).isEqualTo("65@0/0:0+0");
        assertThat(next(stream, 10, T0)).isNull();
    }

    @Test
    void releaseFreesEveryBufferAndStopsTheStream() {
        SendStream stream = reliable();
        ByteBuf message = bytes(10);
        stream.send(message, false, T0);
        stream.release();
        stream.release();
        assertThat(message.refCnt()).isZero();
        assertThat(stream.isFinished()).isTrue();
        assertThat(stream.pollReset()).isNull();
        ByteBuf late = bytes(1);
        assertThatThrownBy(() -> stream.send(late, false, T0)).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).isZero();
    }

    @Test
    void constructorValidatesTimeToLive() {
        long pr = StreamIds.streamId(0, DeliveryMode.PARTIALLY_RELIABLE, false);
        assertThatThrownBy(() -> new SendStream(pr, Priority.BULK, 0, StreamLimits.DEFAULT, credit))
                .isInstanceOf(IllegalArgumentException.class);
        SendStream reliable = new SendStream(0, Priority.BULK, 0, StreamLimits.DEFAULT, credit);
        assertThat(reliable.mode()).isEqualTo(DeliveryMode.RELIABLE);
        assertThat(reliable.nextExpiryNanos()).isEqualTo(Long.MAX_VALUE);
        reliable.setPriority(Priority.MEDIA);
        assertThat(reliable.priority()).isEqualTo(Priority.MEDIA);
    }
}
