package io.jetstreamproto.core.internal.frame;

/** 1-RTT frame types and their wire codes (docs/PROTOCOL.md §8.1). */
public enum FrameType {
    PADDING(0x00, false),
    PING(0x01, true),
    ACK(0x02, false),
    RESET_STREAM(0x04, true),
    STOP_SENDING(0x05, true),
    /** 0x08-0x0B: the low two bits are flags (0x01 COMPRESSED, 0x02 reserved). */
    STREAM(0x08, true),
    MAX_DATA(0x10, true),
    MAX_STREAM_DATA(0x11, true),
    MAX_STREAMS(0x12, true),
    DATA_BLOCKED(0x14, true),
    STREAM_DATA_BLOCKED(0x15, true),
    STREAMS_BLOCKED(0x16, true),
    STREAM_SKIP(0x18, true),
    STREAM_CLOSE(0x19, true),
    HEARTBEAT(0x1A, true),
    /** Not ack-eliciting: it rides with the ACK of the HEARTBEAT, so an idle heartbeat costs two packets. */
    HEARTBEAT_ACK(0x1B, false),
    CONNECTION_CLOSE(0x1C, false),
    /** A Reed-Solomon repair shard over sealed packets (§8.10); congestion-controlled, never retransmitted. */
    REPAIR(0x1D, true),
    /** The receiver's count of packets expected and received, for adaptive FEC (§8.10). */
    LOSS_REPORT(0x1E, false),
    REHANDSHAKE(0x20, true);

    private final int code;
    private final boolean ackEliciting;

    FrameType(int code, boolean ackEliciting) {
        this.code = code;
        this.ackEliciting = ackEliciting;
    }

    public int code() {
        return code;
    }

    public boolean ackEliciting() {
        return ackEliciting;
    }

    /** The type of wire code {@code code}, or null if v1 defines none. */
    public static FrameType fromCode(long code) {
        if (code >= 0x08 && code <= 0x0B) {
            return STREAM;
        }
        for (FrameType t : values()) {
            if (t.code == code && t != STREAM) {
                return t;
            }
        }
        return null;
    }
}
