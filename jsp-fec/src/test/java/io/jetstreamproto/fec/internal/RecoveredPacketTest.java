package io.jetstreamproto.fec.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class RecoveredPacketTest {

    @Test
    void exposesItsPacketAndReleasesIt() {
        ByteBuf bytes = UnpooledByteBufAllocator.DEFAULT.buffer(2).writeByte(1).writeByte(2);
        RecoveredPacket packet = new RecoveredPacket(77, bytes);
        assertThat(packet.pn()).isEqualTo(77);
        assertThat(packet.packet()).isSameAs(bytes);
        assertThat(packet.toString()).isEqualTo("RecoveredPacket[pn=77, length=2]");
        assertThat(packet.release()).isTrue();
        assertThat(bytes.refCnt()).isZero();
    }
}
