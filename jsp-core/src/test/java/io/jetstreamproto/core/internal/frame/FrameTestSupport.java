package io.jetstreamproto.core.internal.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.packet.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Sample and random frames, encoding to byte arrays and frame comparison for the frame tests. */
final class FrameTestSupport {
    static final long[] VARINT_EDGES = {0, 1, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30, Varint.MAX_VALUE - 1,
            Varint.MAX_VALUE};

    private FrameTestSupport() {}

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Encodes through a leak-tracked Unpooled buffer and checks that exactly {@link Frame#encodedLength} bytes came out. */
    static byte[] encode(Frame f) {
        ByteBuf out = Unpooled.buffer(f.encodedLength());
        try {
            f.encode(out);
            assertThat(out.readableBytes()).as("bytes written by %s", f).isEqualTo(f.encodedLength());
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /**
     * Encodes into a fixed array of exactly {@link Frame#encodedLength} bytes (fast, not leak-tracked): writing more
     * than predicted fails with an IndexOutOfBoundsException, writing fewer fails the assertion.
     */
    static byte[] encodeFast(Frame f) {
        byte[] b = new byte[f.encodedLength()];
        ByteBuf out = Unpooled.wrappedBuffer(b).clear();
        try {
            f.encode(out);
            assertThat(out.writerIndex()).as("bytes written by %s", f).isEqualTo(b.length);
            return b;
        } finally {
            out.release();
        }
    }

    /** Frames (from an untracked wrapped array) in a packet; the caller releases STREAM data (see {@link #release}). */
    static List<Frame> decodeAll(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            FrameDecoder.decodeAll(in, frames::add);
            assertThat(in.isReadable()).isFalse();
            return frames;
        } finally {
            in.release();
        }
    }

    /** Decodes exactly one frame that must span all of {@code bytes}; the caller releases STREAM data. */
    static Frame decodeOne(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        try {
            Frame f = FrameDecoder.decode(in);
            assertThat(in.readableBytes()).as("bytes left after %s", f).isZero();
            return f;
        } finally {
            in.release();
        }
    }

    static void release(Frame f) {
        if (f instanceof Frames.StreamFrame s) {
            s.data().release();
        } else if (f instanceof Frames.Repair r) {
            r.payload().release();
        }
    }

    /** A REPAIR frame's payload: a 13-byte repair header (docs/fec-wire.md §2.4) and {@code shard} parity bytes. */
    static ByteBuf repairPayload(int shard, Random rnd) {
        ByteBuf b = Unpooled.buffer(13 + shard);
        b.writeLong(rnd.nextLong() >>> 2).writeByte(10).writeByte(2).writeByte(rnd.nextInt(2)).writeShort(shard);
        byte[] parity = new byte[shard];
        rnd.nextBytes(parity);
        return b.writeBytes(parity);
    }

    static void releaseAll(List<? extends Frame> frames) {
        frames.forEach(FrameTestSupport::release);
    }

    /** Field-by-field equality, also for the frames whose {@code equals} is identity (ACK) or covers an array. */
    static void assertSameFrame(Frame actual, Frame expected) {
        assertThat(actual.type()).isEqualTo(expected.type());
        if (expected instanceof AckFrame e) {
            AckFrame a = (AckFrame) actual;
            assertThat(a.ackDelayMicros()).isEqualTo(e.ackDelayMicros());
            assertThat(a.rangeCount()).isEqualTo(e.rangeCount());
            for (int i = 0; i < e.rangeCount(); i++) {
                assertThat(a.smallest(i)).as("smallest(%d)", i).isEqualTo(e.smallest(i));
                assertThat(a.largest(i)).as("largest(%d)", i).isEqualTo(e.largest(i));
            }
        } else if (expected instanceof Frames.Rehandshake e) {
            Frames.Rehandshake a = (Frames.Rehandshake) actual;
            assertThat(a.generation()).isEqualTo(e.generation());
            assertThat(a.offset()).isEqualTo(e.offset());
            assertThat(a.data()).isEqualTo(e.data());
        } else {
            // records; a STREAM frame's ByteBuf compares by readable content
            assertThat(actual).isEqualTo(expected);
        }
    }

    static ByteBuf data(int length, Random rnd) {
        byte[] b = new byte[length];
        rnd.nextBytes(b);
        return Unpooled.wrappedBuffer(b);
    }

    /** One frame of every type, with fields of various varint sizes. The caller releases STREAM data. */
    static List<Frame> samples() {
        Random rnd = new Random(7);
        List<Frame> l = new ArrayList<>();
        l.add(new Frames.Padding(1));
        l.add(new Frames.Padding(37));
        l.add(new Frames.Ping());
        l.add(AckFrame.of(0, new long[][] {{0, 0}}));
        l.add(AckFrame.of(25_000, new long[][] {{1_000_000, 1_000_100}, {70, 999_000}, {3, 5}, {0, 1}}));
        l.add(new Frames.ResetStream(4, 17, 1_000_000));
        l.add(new Frames.StopSending(Varint.MAX_VALUE, 0));
        l.add(new Frames.StreamFrame(0, 0, 0, 0, 0, Unpooled.EMPTY_BUFFER, false));
        l.add(new Frames.StreamFrame(9, 70, 16_384, 2000, 1000, data(1000, rnd), true));
        l.add(new Frames.StreamFrame(1L << 40, (1L << 30) + 5, Varint.MAX_VALUE - 5000, 5000, 4000, data(1000, rnd),
                false));
        l.add(new Frames.MaxData(1L << 33));
        l.add(new Frames.MaxStreamData(12, 63));
        l.add(new Frames.MaxStreams(64));
        l.add(new Frames.DataBlocked(16_383));
        l.add(new Frames.StreamDataBlocked(16_384, (1L << 30) - 1));
        l.add(new Frames.StreamsBlocked(1L << 30));
        l.add(new Frames.StreamSkip(2, 3, 4_000_000_000L));
        l.add(new Frames.StreamClose(6, 100, 123_456));
        l.add(new Frames.Heartbeat(0));
        l.add(new Frames.HeartbeatAck(Varint.MAX_VALUE));
        l.add(new Frames.ConnectionClose(0, 0, ""));
        l.add(new Frames.ConnectionClose(2, 0x4, "stream 4: gap between messages, caf\u00e9 \u20ac \uD83D\uDE00"));
        l.add(new Frames.Rehandshake(0, 0, new byte[0]));
        byte[] big = new byte[Frames.Rehandshake.MAX_DATA];
        rnd.nextBytes(big);
        l.add(new Frames.Rehandshake(Integer.MAX_VALUE, 1L << 31, big));
        l.add(new Frames.Repair(repairPayload(3, rnd)));
        l.add(new Frames.Repair(repairPayload(1202, rnd)));
        l.add(new Frames.LossReport(0, 0));
        l.add(new Frames.LossReport(1L << 40, (1L << 40) - 12_345));
        return l;
    }

    static long randomVarint(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> rnd.nextInt(64);
            case 1 -> rnd.nextInt(1 << 14);
            case 2 -> rnd.nextInt(1 << 30);
            case 3 -> rnd.nextLong() & Varint.MAX_VALUE;
            default -> VARINT_EDGES[rnd.nextInt(VARINT_EDGES.length)];
        };
    }

    static long randomBelow(Random rnd, long boundInclusive) {
        if (boundInclusive <= 0) {
            return 0;
        }
        long v = randomVarint(rnd);
        return boundInclusive == Long.MAX_VALUE ? v : v % (boundInclusive + 1);
    }

    static String randomPhrase(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(rnd.nextBoolean() ? 20 : 200);
        for (int i = 0; i < n; i++) {
            int cp = switch (rnd.nextInt(4)) {
                case 0 -> 0x20 + rnd.nextInt(0x5F);
                case 1 -> 0x80 + rnd.nextInt(0x780);
                case 2 -> 0xE000 + rnd.nextInt(0x1000);
                default -> 0x10000 + rnd.nextInt(0x1000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    static AckFrame randomAck(Random rnd) {
        long largest = randomVarint(rnd);
        int wanted = 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : AckFrame.MAX_RANGES);
        List<long[]> ranges = new ArrayList<>();
        long top = largest;
        while (ranges.size() < wanted && top >= 0) {
            long bottom = top - randomBelow(rnd, Math.min(top, rnd.nextBoolean() ? 10 : top));
            ranges.add(new long[] {bottom, top});
            top = bottom - 2 - randomBelow(rnd, rnd.nextBoolean() ? 5 : Varint.MAX_VALUE);
        }
        return AckFrame.of(randomVarint(rnd), ranges.toArray(new long[0][]));
    }

    /** A random valid frame of {@code type} (STREAM data untracked; release anyway). */
    static Frame randomFrame(FrameType type, Random rnd) {
        return switch (type) {
            case PADDING -> new Frames.Padding(1 + rnd.nextInt(100));
            case PING -> new Frames.Ping();
            case ACK -> randomAck(rnd);
            case RESET_STREAM -> new Frames.ResetStream(randomVarint(rnd), randomVarint(rnd), randomVarint(rnd));
            case STOP_SENDING -> new Frames.StopSending(randomVarint(rnd), randomVarint(rnd));
            case STREAM -> {
                int len = rnd.nextInt(rnd.nextBoolean() ? 70 : 2000);
                long messageLength = Math.max(len, randomVarint(rnd));
                long fragmentOffset = randomBelow(rnd, messageLength - len);
                long messageOffset = randomBelow(rnd, Varint.MAX_VALUE - messageLength);
                yield new Frames.StreamFrame(randomVarint(rnd), randomVarint(rnd), messageOffset, messageLength,
                        fragmentOffset, data(len, rnd), rnd.nextBoolean());
            }
            case MAX_DATA -> new Frames.MaxData(randomVarint(rnd));
            case MAX_STREAM_DATA -> new Frames.MaxStreamData(randomVarint(rnd), randomVarint(rnd));
            case MAX_STREAMS -> new Frames.MaxStreams(randomVarint(rnd));
            case DATA_BLOCKED -> new Frames.DataBlocked(randomVarint(rnd));
            case STREAM_DATA_BLOCKED -> new Frames.StreamDataBlocked(randomVarint(rnd), randomVarint(rnd));
            case STREAMS_BLOCKED -> new Frames.StreamsBlocked(randomVarint(rnd));
            case STREAM_SKIP -> new Frames.StreamSkip(randomVarint(rnd), randomVarint(rnd), randomVarint(rnd));
            case STREAM_CLOSE -> new Frames.StreamClose(randomVarint(rnd), randomVarint(rnd), randomVarint(rnd));
            case HEARTBEAT -> new Frames.Heartbeat(randomVarint(rnd));
            case HEARTBEAT_ACK -> new Frames.HeartbeatAck(randomVarint(rnd));
            case CONNECTION_CLOSE -> new Frames.ConnectionClose(rnd.nextInt(Integer.MAX_VALUE), randomVarint(rnd),
                    randomPhrase(rnd));
            case REHANDSHAKE -> {
                byte[] b = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? Frames.Rehandshake.MAX_DATA + 1 : 100)];
                rnd.nextBytes(b);
                yield new Frames.Rehandshake(rnd.nextInt(Integer.MAX_VALUE), randomVarint(rnd), b);
            }
            case REPAIR -> new Frames.Repair(repairPayload(3 + rnd.nextInt(1300), rnd));
            case LOSS_REPORT -> {
                long expected = randomVarint(rnd);
                yield new Frames.LossReport(expected, randomBelow(rnd, expected));
            }
        };
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
