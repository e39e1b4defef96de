package io.jetstreamproto.crypto.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.packet.RetryPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RetryIntegrityTest { // SR-28
    private static final ConnectionId ODCID = ConnectionId.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    private static final ConnectionId CLIENT = ConnectionId.of(new byte[] {8, 8, 8, 8, 8, 8, 8, 8});
    private static final ConnectionId NEW = ConnectionId.of(new byte[] {5, 5, 5, 5, 5, 5, 5, 5});

    @Test
    void tagBindsTheRetryToTheOriginalDestinationId() {
        RetryPacket r = RetryIntegrity.create(ODCID, ProtocolVersion.V1, CLIENT, NEW, new byte[] {42, 43});
        assertThat(RetryIntegrity.verify(r, ODCID)).isTrue();
        assertThat(RetryIntegrity.verify(r, CLIENT)).isFalse();
        RetryPacket otherToken = new RetryPacket(r.version(), r.dcid(), r.scid(), new byte[] {42, 44}, r.tag());
        assertThat(RetryIntegrity.verify(otherToken, ODCID)).isFalse();
        RetryPacket otherScid = new RetryPacket(r.version(), r.dcid(), ODCID, r.token(), r.tag());
        assertThat(RetryIntegrity.verify(otherScid, ODCID)).isFalse();
    }

    @Test
    void encodesAndDecodes() {
        RetryPacket r = RetryIntegrity.create(ODCID, ProtocolVersion.V1, CLIENT, NEW, new byte[] {1, 2, 3});
        ByteBuf b = Unpooled.buffer();
        try {
            r.encode(b);
            assertThat(RetryPacket.isRetry(b)).isTrue();
            RetryPacket d = RetryPacket.decode(b);
            assertThat(d.dcid()).isEqualTo(CLIENT);
            assertThat(d.scid()).isEqualTo(NEW);
            assertThat(RetryIntegrity.verify(d, ODCID)).isTrue();
        } finally {
            b.release();
        }
    }
}
