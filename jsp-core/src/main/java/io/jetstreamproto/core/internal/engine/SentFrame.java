package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.stream.CloseSignal;
import io.jetstreamproto.core.internal.stream.ResetSignal;
import io.jetstreamproto.core.internal.stream.SkipSignal;
import io.jetstreamproto.crypto.internal.session.Rehandshaker;

/**
 * What a sent packet carried that matters when it is acknowledged or lost: enough to retransmit or to release,
 * never the bytes of application data (those stay in the send streams). Stream fragments and ACKs, the frames of
 * every bulk packet, are kept in {@link SentFrames}' arrays instead.
 */
sealed interface SentFrame {

    record Skip(SkipSignal signal) implements SentFrame {}

    record Close(CloseSignal signal) implements SentFrame {}

    record Reset(ResetSignal signal) implements SentFrame {}

    record StopSending(long streamId) implements SentFrame {}

    /** MAX_DATA: on loss the current value is re-sent. */
    record MaxData() implements SentFrame {}

    record MaxStreamData(long streamId) implements SentFrame {}

    record MaxStreams() implements SentFrame {}

    record DataBlocked(long limit) implements SentFrame {}

    record StreamDataBlocked(long streamId, long limit) implements SentFrame {}

    record Heartbeat(long sequence) implements SentFrame {}

    record HeartbeatAck(long sequence) implements SentFrame {}

    record RehandshakeData(Rehandshaker.Chunk chunk) implements SentFrame {}

    /** A REPAIR frame: never retransmitted; counted when lost. */
    record Repair() implements SentFrame {}
}
