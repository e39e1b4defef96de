package io.jetstreamproto.core.internal.engine;

import io.jetstreamproto.core.internal.stream.CloseSignal;
import io.jetstreamproto.core.internal.stream.ResetSignal;
import io.jetstreamproto.core.internal.stream.SkipSignal;
import io.jetstreamproto.crypto.internal.session.Rehandshaker;

/**
 * What a sent packet carried that matters when it is acknowledged or lost: enough to retransmit or to release,
 * never the bytes of application data (those stay in the send streams).
 */
sealed interface SentFrame {

    /** A stream fragment: on loss the stream decides whether to retransmit (by delivery mode). */
    record StreamData(long streamId, long messageId, long fragmentOffset, int length) implements SentFrame {}

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

    /** An ACK frame whose largest acknowledged packet number lets the receiver forget ranges once acknowledged. */
    record Ack(long largestAcknowledged) implements SentFrame {}
}
