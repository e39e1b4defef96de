package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RepairPacketTest {

    @Test
    void writesHeaderThenParityWithoutConsumingTheParity() {
        ByteBuf parity = UnpooledByteBufAllocator.DEFAULT.buffer(3).writeBytes(new byte[] {(byte) 0xAA, (byte) 0xBB, (byte) 0xCC});
        RepairPacket packet = new RepairPacket(new FecRepairHeader(1, 2, 1, 0, 3), parity);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(packet.encodedLength()).isEqualTo(16);
            packet.writeTo(out);
            packet.writeTo(out);
            String once = "0000000000000001" + "02" + "01" + "00" + "0003" + "aabbcc";
            assertThat(HexFormat.of().formatHex(FecTestSupport.bytes(out))).isEqualTo(once + once);
            assertThat(packet.parity().readableBytes()).isEqualTo(3);
            assertThat(packet.toString()).contains("firstPn=1");
        } finally {
            out.release();
            assertThat(packet.release()).isTrue();
        }
        assertThat(parity.refCnt()).isZero();
    }
}
