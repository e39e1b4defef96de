package io.jetstreamproto.fec.internal;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The header of one repair (parity) shard: which packets it protects and where it sits in its FEC group.
 *
 * <p>Wire format ({@code docs/fec-wire.md}), all integers big-endian, 13 bytes, followed by
 * {@code shard_length} bytes of parity:
 * <pre>
 * first_pn      u64   packet number of the group's first data packet
 * data_count    u8    k', data packets in the group: first_pn .. first_pn + k' - 1   (1..255)
 * parity_count  u8    m, parity shards in the group                                  (1..256 - k')
 * parity_index  u8    which parity shard this is                                     (0..m - 1)
 * shard_length  u16   bytes per shard: max over the group of (2 + sealed length)     (3..65535)
 * </pre>
 *
 * @param firstPn packet number of the group's first data packet, 0..2^62 - 1, and the group's last packet
 *     number {@code firstPn + dataCount - 1} is at most 2^62 - 1
 * @param dataCount k', the number of data packets in the group
 * @param parityCount m, the number of parity shards of the group
 * @param parityIndex the index of this parity shard, {@code 0..m-1}
 * @param shardLength length of every shard of the group in bytes
 */
public record FecRepairHeader(long firstPn, int dataCount, int parityCount, int parityIndex, int shardLength) {

    /** Encoded size of the header in bytes. */
    public static final int HEADER_LENGTH = 13;
    /** Largest packet number JSP uses (docs/PROTOCOL.md: packet numbers are 0..2^62 - 1). */
    public static final long MAX_PACKET_NUMBER = (1L << 62) - 1;
    /** Smallest valid shard: the 2-byte length prefix and at least one byte of sealed packet. */
    public static final int MIN_SHARD_LENGTH = 3;
    /** Largest shard: the {@code shard_length} field is a u16. */
    public static final int MAX_SHARD_LENGTH = 0xFFFF;
    /** Largest sealed packet that fits a shard: {@code MAX_SHARD_LENGTH - 2}. */
    public static final int MAX_PACKET_LENGTH = MAX_SHARD_LENGTH - 2;

    /**
     * Validates the fields.
     *
     * @param firstPn packet number of the group's first data packet
     * @param dataCount k', 1..255
     * @param parityCount m, 1..256 - k'
     * @param parityIndex 0..m - 1
     * @param shardLength 3..65,535
     * @throws IllegalArgumentException naming the first field that is out of range
     */
    public FecRepairHeader {
        String problem = check(firstPn, dataCount, parityCount, parityIndex, shardLength);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Reads a header at the reader index and advances the reader index past it (13 bytes). The parity bytes
     * that follow are left readable; at least {@code shardLength} of them must be present. Trailing bytes after
     * the parity are not examined: delimiting the repair payload is the carrier's job.
     *
     * @param in the bytes; on failure its reader index is unchanged
     * @return the header
     * @throws FecFormatException for any malformed input: truncated header or parity, a field out of range, or
     *     an inconsistent combination of fields. No other exception type is thrown for any content of {@code in}
     */
    public static FecRepairHeader decode(ByteBuf in) {
        Objects.requireNonNull(in, "in");
        FecRepairHeader header = decodeAt(in, in.readerIndex(), in.readableBytes());
        in.skipBytes(HEADER_LENGTH);
        return header;
    }

    /** Parses a header at {@code index} from {@code available} readable bytes without moving any index. */
    static FecRepairHeader decodeAt(ByteBuf in, int index, int available) {
        if (available < HEADER_LENGTH) {
            throw new FecFormatException("truncated repair header: " + available + " of " + HEADER_LENGTH + " bytes");
        }
        long firstPn = in.getLong(index);
        int dataCount = in.getUnsignedByte(index + 8);
        int parityCount = in.getUnsignedByte(index + 9);
        int parityIndex = in.getUnsignedByte(index + 10);
        int shardLength = in.getUnsignedShort(index + 11);
        String problem = check(firstPn, dataCount, parityCount, parityIndex, shardLength);
        if (problem != null) {
            throw new FecFormatException(problem);
        }
        int parityAvailable = available - HEADER_LENGTH;
        if (parityAvailable < shardLength) {
            throw new FecFormatException("truncated parity: shard_length " + shardLength + " but only "
                    + parityAvailable + " bytes follow the header");
        }
        return new FecRepairHeader(firstPn, dataCount, parityCount, parityIndex, shardLength);
    }

    /** Returns a description of the first invalid field, or null; shared by the constructor and the decoder. */
    private static String check(long firstPn, int dataCount, int parityCount, int parityIndex, int shardLength) {
        if (dataCount < 1 || dataCount >= ErasureCode.MAX_TOTAL_SHARDS) {
            return "data_count must be in 1..255: " + dataCount;
        }
        if (parityCount < 1 || parityCount > ErasureCode.MAX_TOTAL_SHARDS - dataCount) {
            return "parity_count must be in 1.." + (ErasureCode.MAX_TOTAL_SHARDS - dataCount)
                    + " (data_count + parity_count <= 256): " + parityCount;
        }
        if (parityIndex < 0 || parityIndex >= parityCount) {
            return "parity_index must be in 0.." + (parityCount - 1) + ": " + parityIndex;
        }
        if (shardLength < MIN_SHARD_LENGTH || shardLength > MAX_SHARD_LENGTH) {
            return "shard_length must be in " + MIN_SHARD_LENGTH + ".." + MAX_SHARD_LENGTH + ": " + shardLength;
        }
        // A negative long is a u64 >= 2^63; the group's last packet number must also stay in range.
        if (firstPn < 0 || firstPn > MAX_PACKET_NUMBER - (dataCount - 1)) {
            return "first_pn + data_count - 1 must be at most 2^62 - 1: first_pn "
                    + Long.toUnsignedString(firstPn) + ", data_count " + dataCount;
        }
        return null;
    }

    /**
     * Writes the 13-byte header at the writer index (the parity bytes are written separately, see
     * {@link RepairPacket#writeTo}).
     *
     * @param out the destination
     */
    public void encode(ByteBuf out) {
        out.ensureWritable(HEADER_LENGTH);
        out.writeLong(firstPn);
        out.writeByte(dataCount);
        out.writeByte(parityCount);
        out.writeByte(parityIndex);
        out.writeShort(shardLength);
    }

    /**
     * The encoded length of the header alone, always {@value #HEADER_LENGTH}; a complete repair payload is
     * {@code encodedLength() + shardLength()} bytes.
     *
     * @return 13
     */
    public int encodedLength() {
        return HEADER_LENGTH;
    }

    /**
     * The packet number of the group's last data packet.
     *
     * @return {@code firstPn + dataCount - 1}
     */
    public long lastPn() {
        return firstPn + dataCount - 1;
    }

    /**
     * Whether {@code pn} is one of this group's data packets.
     *
     * @param pn a packet number
     * @return true if {@code firstPn <= pn <= lastPn()}
     */
    public boolean covers(long pn) {
        return pn >= firstPn && pn - firstPn < dataCount;
    }
}
