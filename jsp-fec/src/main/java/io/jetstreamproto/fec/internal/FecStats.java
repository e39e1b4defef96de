package io.jetstreamproto.fec.internal;

/**
 * A snapshot of FEC counters. {@link FecEncoder#stats()} fills the sender fields and {@link FecDecoder#stats()}
 * the receiver fields (the others are zero); {@link #plus} combines them into one view of a connection.
 *
 * @param groupsEncoded sender: FEC groups closed and protected with parity
 * @param repairPacketsSent sender: repair shards produced
 * @param parityBytesSent sender: parity bytes produced (sum of {@code shard_length}, headers excluded)
 * @param repairPacketsDiscarded sender: repair shards dropped because the caller let more than
 *     {@link FecEncoder#MAX_PENDING_REPAIRS} accumulate without polling
 * @param repairPacketsReceived receiver: repair shards offered to the decoder, well-formed or not
 * @param malformedRepairsDropped receiver: repair shards dropped because they did not decode, their parity
 *     length did not match {@code shard_length}, or they exceed the decoder's configured limits
 * @param conflictingRepairsDropped receiver: repair shards dropped because their {@code data_count},
 *     {@code parity_count} or {@code shard_length} differ from the open group with the same {@code first_pn}
 * @param duplicateRepairsDropped receiver: repair shards whose index the open group already had
 * @param lateRepairsIgnored receiver: repair shards for a group already finished, or older than the
 *     decoder's packet-number window
 * @param recoveredPackets receiver: missing data packets rebuilt and handed out
 * @param recoveredPacketsDiscarded receiver: rebuilt packets dropped because the caller let more than
 *     {@link FecDecoder#MAX_PENDING_RECOVERED} accumulate without polling
 * @param groupsRecovered receiver: groups in which at least one missing packet was rebuilt
 * @param groupsCompletedWithoutLoss receiver: groups whose data packets all arrived, so parity was not needed
 * @param groupsUnrecoverable receiver: groups that timed out still missing data with too few shards to rebuild
 * @param groupsCorrupt receiver: groups dropped because their shards were inconsistent: a rebuilt length
 *     prefix of 0 or above {@code shard_length - 2}, or a received packet longer than {@code shard_length - 2}
 * @param groupsEvicted receiver: open groups dropped to stay within the configured bounds
 */
public record FecStats(
        long groupsEncoded,
        long repairPacketsSent,
        long parityBytesSent,
        long repairPacketsDiscarded,
        long repairPacketsReceived,
        long malformedRepairsDropped,
        long conflictingRepairsDropped,
        long duplicateRepairsDropped,
        long lateRepairsIgnored,
        long recoveredPackets,
        long recoveredPacketsDiscarded,
        long groupsRecovered,
        long groupsCompletedWithoutLoss,
        long groupsUnrecoverable,
        long groupsCorrupt,
        long groupsEvicted) {

    /** All counters zero. */
    public static final FecStats ZERO = new FecStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Field-wise sum, for example of a connection's encoder and decoder snapshots.
     *
     * @param other the other snapshot
     * @return the sum
     */
    public FecStats plus(FecStats other) {
        return new FecStats(
                groupsEncoded + other.groupsEncoded,
                repairPacketsSent + other.repairPacketsSent,
                parityBytesSent + other.parityBytesSent,
                repairPacketsDiscarded + other.repairPacketsDiscarded,
                repairPacketsReceived + other.repairPacketsReceived,
                malformedRepairsDropped + other.malformedRepairsDropped,
                conflictingRepairsDropped + other.conflictingRepairsDropped,
                duplicateRepairsDropped + other.duplicateRepairsDropped,
                lateRepairsIgnored + other.lateRepairsIgnored,
                recoveredPackets + other.recoveredPackets,
                recoveredPacketsDiscarded + other.recoveredPacketsDiscarded,
                groupsRecovered + other.groupsRecovered,
                groupsCompletedWithoutLoss + other.groupsCompletedWithoutLoss,
                groupsUnrecoverable + other.groupsUnrecoverable,
                groupsCorrupt + other.groupsCorrupt,
                groupsEvicted + other.groupsEvicted);
    }
}
