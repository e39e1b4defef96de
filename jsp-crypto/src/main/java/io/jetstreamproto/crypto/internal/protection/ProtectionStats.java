package io.jetstreamproto.crypto.internal.protection;

/**
 * Counters of one {@link PacketProtection}.
 *
 * @param packetsSealed        packets protected for sending
 * @param packetsOpened        packets authenticated and accepted
 * @param duplicatesDropped    packets dropped as already received
 * @param tooOldDropped        packets dropped as older than the replay window
 * @param authFailures         packets whose tag did not verify
 * @param discardedKeyDrops    packets for a previous key whose grace period had ended
 * @param keyUpdatesSent       key phases this side switched its sending to
 * @param keyUpdatesReceived   key phases the peer switched to (receive side rotations)
 */
public record ProtectionStats(long packetsSealed, long packetsOpened, long duplicatesDropped, long tooOldDropped,
        long authFailures, long discardedKeyDrops, long keyUpdatesSent, long keyUpdatesReceived) {
}
