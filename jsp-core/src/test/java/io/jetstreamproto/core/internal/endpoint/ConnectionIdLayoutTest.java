package io.jetstreamproto.core.internal.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.packet.CompactHeader;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Ids name their worker (and server id) at fixed offsets, and the worker is read back from every header form. */
class ConnectionIdLayoutTest {
    private final RandomSource random = RandomSource.deterministicForTesting(3);

    @Test
    void everyHeaderFormNamesTheWorkerOfTheIdItCarries() {
        ConnectionIdLayout base = new ConnectionIdLayout(new byte[0], 4, 0);
        for (int w = 0; w < 4; w++) {
            ConnectionIdLayout layout = base.forWorker(w);
            for (int i = 0; i < 200; i++) {
                ConnectionId cid = layout.next(random);
                byte[] b = cid.toBytes();
                assertThat(b[0] & 0xE0).as("config 0").isZero();
                assertThat(b[1] & 0xFF).isEqualTo(w);
                assertThat(base.workerOf(shortHeader(cid))).isEqualTo(w);
                assertThat(base.workerOf(longHeader(cid))).isEqualTo(w);
                assertThat(base.workerOf(compactToServer(cid))).isEqualTo(w);
            }
        }
    }

    @Test
    void idsOfOtherLayoutsGarbageAndTruncatedHeadersNameNoWorker() {
        ConnectionIdLayout layout = new ConnectionIdLayout(new byte[] {42}, 2, 1);
        ConnectionId mine = layout.next(random);
        assertThat(layout.workerOf(shortHeader(mine))).isEqualTo(1);
        byte[] other = mine.toBytes();
        other[1] = 43; // another server
        assertThat(layout.workerOf(shortHeader(ConnectionId.of(other)))).isEqualTo(-1);
        other = mine.toBytes();
        other[0] |= (byte) 0xE0; // config 7: not routable
        assertThat(layout.workerOf(shortHeader(ConnectionId.of(other)))).isEqualTo(-1);
        other = mine.toBytes();
        other[2] = 9; // worker beyond the count
        assertThat(layout.workerOf(shortHeader(ConnectionId.of(other)))).isEqualTo(-1);
        assertThat(layout.workerOf(Unpooled.EMPTY_BUFFER)).isEqualTo(-1);
        assertThat(layout.workerOf(Unpooled.wrappedBuffer(new byte[] {(byte) 0xC0, 0, 0, 0}))).isEqualTo(-1);
        assertThat(layout.workerOf(Unpooled.wrappedBuffer(new byte[] {0x40, 0}))).isEqualTo(-1);
    }

    @Test
    void serverIdsLongerThanTheCompactPrefixAllowsAreRefused() {
        assertThatThrownBy(() -> new ConnectionIdLayout(new byte[2], 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionIdLayout(new byte[0], 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ByteBuf shortHeader(ConnectionId cid) {
        ByteBuf b = Unpooled.buffer();
        PacketCodec.writeShortHeader(b, false, cid, 7);
        return b.writeZero(20);
    }

    private static ByteBuf longHeader(ConnectionId cid) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0xC0).writeInt(1).writeByte(cid.length());
        cid.writeTo(b);
        return b.writeByte(0).writeZero(20);
    }

    private static ByteBuf compactToServer(ConnectionId cid) {
        ByteBuf b = Unpooled.buffer();
        CompactHeader.write(b, false, cid, true, 5, 1);
        return b.writeZero(20);
    }
}
