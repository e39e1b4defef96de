package io.jetstreamproto.core.internal.stream;

import java.util.TreeSet;

/**
 * Sender-side STREAM_SKIP state of one stream (docs/PROTOCOL.md §8.4): which abandoned messages a skip still
 * has to cover, the latest skip, and whether it must be (re)sent.
 *
 * <p>A skip to message id T abandons every incomplete message below T at the receiver, so the stream only
 * moves it up to the oldest message that is still being delivered ({@link #advance}); skips only move
 * forward, and a lost skip is resent as the latest one.
 */
final class SkipTracker {
    private final long streamId;
    /** Abandoned message ids not yet covered by {@link #latest}. */
    private final TreeSet<Long> uncovered = new TreeSet<>();
    private SkipSignal latest;
    private boolean pending;
    /** Every message below this id is covered by an acknowledged skip. */
    private long ackedId;
    /** A lower bound of the abandoned ids covered by the latest skip but not an acknowledged one, or MAX_VALUE. */
    private long unackedFloor = Long.MAX_VALUE;

    SkipTracker(long streamId) {
        this.streamId = streamId;
    }

    void onAbandoned(long messageId) {
        uncovered.add(messageId);
    }

    /** Whether a new skip to {@code target} would cover an abandoned message not yet covered. */
    boolean isDue(long target) {
        return !uncovered.isEmpty() && uncovered.first() < target;
    }

    /**
     * Moves the skip forward to {@code target}, the lowest message neither acknowledged nor abandoned, whose
     * message_offset is {@code offset} — if that covers a newly abandoned message.
     */
    void advance(long target, long offset) {
        if (!isDue(target)) {
            return;
        }
        latest = new SkipSignal(streamId, target, offset);
        pending = true;
        unackedFloor = Math.min(unackedFloor, uncovered.first());
        uncovered.headSet(target).clear();
    }

    boolean isPending() {
        return pending;
    }

    /** The skip to send, or null. */
    SkipSignal poll() {
        if (!pending) {
            return null;
        }
        pending = false;
        return latest;
    }

    void onLost(SkipSignal skip) {
        if (latest != null && skip.messageId() == latest.messageId() && ackedId < skip.messageId()) {
            pending = true;
        }
    }

    void onAcked(SkipSignal skip) {
        ackedId = Math.max(ackedId, skip.messageId());
        if (latest != null && ackedId >= latest.messageId()) {
            pending = false;
            unackedFloor = Long.MAX_VALUE;
        } else if (unackedFloor != Long.MAX_VALUE) {
            unackedFloor = Math.max(unackedFloor, ackedId); // abandoned ids below ackedId are settled now
        }
    }

    /**
     * A lower bound of the abandoned message ids the receiver may not yet know are abandoned (not covered by
     * an acknowledged skip), or {@link Long#MAX_VALUE}.
     */
    long lowestUnsettledId() {
        return uncovered.isEmpty() ? unackedFloor : Math.min(unackedFloor, uncovered.first());
    }

    /** Whether every abandoned message is covered by an acknowledged skip. */
    boolean isSettled() {
        return uncovered.isEmpty() && (latest == null || ackedId >= latest.messageId());
    }

    /** Forgets everything (the stream was reset or released). */
    void clear() {
        uncovered.clear();
        pending = false;
    }
}
