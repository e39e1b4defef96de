package io.jetstreamproto.core.internal.recovery;

/**
 * A packet we sent, as loss recovery tracks it.
 *
 * @param packetNumber  its number
 * @param timeSentNanos when it was sent
 * @param sizeBytes     UDP payload bytes
 * @param ackEliciting  whether it carried an ack-eliciting frame
 * @param inFlight      whether it counts towards bytes in flight (ack-eliciting packets do)
 * @param frames        what it carried, opaque to recovery (the engine's retransmission metadata)
 */
public record SentPacket(long packetNumber, long timeSentNanos, int sizeBytes, boolean ackEliciting, boolean inFlight,
        Object frames) {}
