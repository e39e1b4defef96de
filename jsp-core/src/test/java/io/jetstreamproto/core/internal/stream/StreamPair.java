package io.jetstreamproto.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.Priority;
import io.jetstreamproto.core.internal.flow.ReceiveWindow;
import io.jetstreamproto.core.internal.flow.SendCredit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test harness: a {@link SendStream} and a {@link ReceiveStream} joined by an in-memory network that loses,
 * duplicates and reorders fragments, loses acknowledgements and control frames, on a virtual clock. Seeded;
 * every assertion names the seed. Also checks, for every fragment, that the sender stays within the flow-control
 * limits the receiver advertised.
 */
final class StreamPair implements AutoCloseable {
    static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    /** A message as the application received it. */
    record Delivered(long messageId, byte[] data) {
    }

    final long seed;
    final Random random;
    final SendCredit sendCredit;
    final ReceiveWindow receiveWindow;
    final SendStream sender;
    final ReceiveStream receiver;
    long nowNanos = 1_000_000_000L;

    double lossRate;
    double duplicateRate;
    double spuriousLossRate;
    double duplicateAckRate;
    double controlLossRate;
    double appPollRate = 1.0;
    int minFragmentBytes = 64;
    int maxFragmentBytes = 64;
    int maxInFlight = 16;
    long stepNanos = 1_000_000L;

    final Map<Long, byte[]> sent = new HashMap<>();
    final List<Delivered> delivered = new ArrayList<>();
    /** Per message: which bytes were transmitted at least once, to count retransmitted bytes. */
    private final Map<Long, BitSet> transmitted = new HashMap<>();
    private final Map<Long, Integer> emptyTransmissions = new HashMap<>();
    long retransmittedBytes;
    long emptyRetransmissions;
    long fragmentsProduced;
    long steps;
    long windowUpdates;
    long blockedSignals;

    private final List<Fragment> inFlight = new ArrayList<>();
    private boolean maxStreamDataLost;
    private boolean maxDataLost;

    StreamPair(long seed, long streamId, long timeToLiveNanos, StreamLimits limits, long connectionWindow,
            long reassemblyTimeoutNanos) {
        this.seed = seed;
        this.random = new Random(seed);
        this.sendCredit = new SendCredit(connectionWindow);
        this.receiveWindow = new ReceiveWindow(connectionWindow);
        this.sender = new SendStream(streamId, Priority.CHAT, timeToLiveNanos, limits, sendCredit);
        this.receiver = new ReceiveStream(streamId, limits, reassemblyTimeoutNanos, receiveWindow, ALLOC);
    }

    String seedText() {
        return "seed " + seed;
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Queues {@code content} on the sender (in a leak-tracked pooled buffer). */
    long send(byte[] content) {
        ByteBuf buffer = ALLOC.buffer(content.length).writeBytes(content);
        long id = sender.send(buffer, false, nowNanos);
        sent.put(id, content);
        return id;
    }

    void step() {
        steps++;
        nowNanos += stepNanos;
        sender.expire(nowNanos);
        receiver.onTimeout(nowNanos);
        produce();
        transmit();
        exchangeControl();
        if (random.nextDouble() < appPollRate) {
            drainApplication();
        }
    }

    /** Steps until both halves are finished and nothing is in flight; fails after {@code maxSteps}. */
    void runUntilFinished(int maxSteps) {
        while (!(sender.isFinished() && receiver.isFinished() && inFlight.isEmpty())) {
            assertThat(steps).as(seedText() + ": no progress; sender finished " + sender.isFinished()
                    + ", receiver finished " + receiver.isFinished() + ", in flight " + inFlight.size())
                    .isLessThan(maxSteps);
            step();
        }
        drainApplication();
    }

    void drainApplication() {
        for (ReceivedMessage m = receiver.pollMessage(); m != null; m = receiver.pollMessage()) {
            byte[] bytes = new byte[m.data().readableBytes()];
            m.data().getBytes(m.data().readerIndex(), bytes);
            m.data().release();
            delivered.add(new Delivered(m.messageId(), bytes));
        }
    }

    private void produce() {
        while (inFlight.size() < maxInFlight) {
            int max = minFragmentBytes + random.nextInt(maxFragmentBytes - minFragmentBytes + 1);
            Fragment f = sender.nextFragment(max, nowNanos);
            if (f == null) {
                return;
            }
            fragmentsProduced++;
            assertThat(f.length()).as(seedText()).isLessThanOrEqualTo(max);
            long messageEnd = f.messageOffset() + f.messageLength();
            assertThat(messageEnd).as(seedText() + ": message beyond the stream limit the sender knows")
                    .isLessThanOrEqualTo(sender.maxStreamData());
            assertThat(messageEnd).as(seedText() + ": message beyond the receiver's advertised stream limit")
                    .isLessThanOrEqualTo(receiver.maxStreamData());
            assertThat(sendCredit.committed()).as(seedText() + ": committed beyond MAX_DATA")
                    .isLessThanOrEqualTo(sendCredit.limit())
                    .isLessThanOrEqualTo(receiveWindow.maxData());
            recordTransmission(f);
            inFlight.add(f);
        }
    }

    private void recordTransmission(Fragment f) {
        if (f.messageLength() == 0) {
            int count = emptyTransmissions.merge(f.messageId(), 1, Integer::sum);
            if (count > 1) {
                emptyRetransmissions++;
            }
            return;
        }
        BitSet bits = transmitted.computeIfAbsent(f.messageId(), id -> new BitSet());
        int from = (int) f.fragmentOffset();
        int to = from + f.length();
        BitSet overlap = bits.get(from, to);
        retransmittedBytes += overlap.cardinality();
        bits.set(from, to);
    }

    private void transmit() {
        int deliveries = inFlight.isEmpty() ? 0 : 1 + random.nextInt(inFlight.size());
        for (int i = 0; i < deliveries && !inFlight.isEmpty(); i++) {
            Fragment f = inFlight.remove(random.nextInt(inFlight.size())); // random order: reordering
            long id = f.messageId();
            long offset = f.fragmentOffset();
            int length = f.length();
            if (random.nextDouble() < lossRate) {
                f.data().release();
                sender.onFragmentLost(id, offset, length, nowNanos);
                continue;
            }
            receiver.onFragment(copyOf(f), nowNanos);
            if (random.nextDouble() < duplicateRate) {
                receiver.onFragment(copyOf(f), nowNanos);
            }
            f.data().release();
            if (random.nextDouble() < spuriousLossRate) {
                sender.onFragmentLost(id, offset, length, nowNanos); // its ACK was late: declared lost anyway
                if (random.nextBoolean()) {
                    sender.onFragmentAcked(id, offset, length); // ... and the late ACK arrives after all
                }
                continue;
            }
            sender.onFragmentAcked(id, offset, length);
            if (random.nextDouble() < duplicateAckRate) {
                sender.onFragmentAcked(id, offset, length);
            }
        }
    }

    private boolean controlLost() {
        return random.nextDouble() < controlLossRate;
    }

    private void exchangeControl() {
        SkipSignal skip = sender.pollSkip();
        if (skip != null) {
            if (controlLost()) {
                sender.onSkipLost(skip);
            } else {
                receiver.onSkip(skip.messageId(), skip.offset());
                sender.onSkipAcked(skip);
            }
        }
        CloseSignal close = sender.pollClose();
        if (close != null) {
            if (controlLost()) {
                sender.onCloseLost();
            } else {
                receiver.onClose(close.messageCount(), close.finalOffset());
                sender.onCloseAcked();
            }
        }
        long maxStreamData = receiver.pollWindowUpdate();
        long maxData = receiveWindow.pollWindowUpdate();
        windowUpdates += (maxStreamData >= 0 ? 1 : 0) + (maxData >= 0 ? 1 : 0);
        if (maxStreamData >= 0 || maxStreamDataLost) {
            maxStreamDataLost = controlLost();
            if (!maxStreamDataLost) {
                sender.onMaxStreamData(receiver.maxStreamData()); // resent as the latest value
            }
        }
        if (maxData >= 0 || maxDataLost) {
            maxDataLost = controlLost();
            if (!maxDataLost) {
                sendCredit.onMaxData(receiveWindow.maxData());
            }
        }
        long streamBlocked = sender.pollDataBlocked();
        long connectionBlocked = sendCredit.pollDataBlocked();
        blockedSignals += (streamBlocked >= 0 ? 1 : 0) + (connectionBlocked >= 0 ? 1 : 0);
        if (streamBlocked >= 0) {
            if (controlLost()) {
                sender.onDataBlockedLost(streamBlocked);
            } else {
                receiver.onStreamDataBlocked(streamBlocked);
            }
        }
        if (connectionBlocked >= 0) {
            if (controlLost()) {
                sendCredit.onDataBlockedLost(connectionBlocked);
            } else {
                receiveWindow.onDataBlocked(connectionBlocked);
            }
        }
    }

    static Fragment copyOf(Fragment f) {
        ByteBuf copy = ALLOC.buffer(f.length()).writeBytes(f.data(), f.data().readerIndex(), f.length());
        return new Fragment(f.streamId(), f.messageId(), f.messageOffset(), f.messageLength(), f.fragmentOffset(),
                copy, f.compressed());
    }

    @Override
    public void close() {
        for (Fragment f : inFlight) {
            f.data().release();
        }
        inFlight.clear();
        drainApplication();
        receiver.release();
        sender.release();
    }
}
