package io.jetstreamproto.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that the leak check used by every test class really sees an unreleased buffer. */
class NettyLeakCheckTest {

    @Test
    void reportsABufferThatWasNeverReleased() throws Exception {
        NettyLeakCheck.drain();
        leakOneBuffer();
        List<String> leaks = NettyLeakCheck.drain();
        assertThat(leaks).isNotEmpty();
        assertThat(leaks.get(0)).contains("ByteBuf");
    }

    @Test
    void reportsNothingWhenEveryBufferIsReleased() throws Exception {
        NettyLeakCheck.drain();
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeLong(42);
        buf.release();
        assertThat(NettyLeakCheck.drain()).isEmpty();
    }

    private static void leakOneBuffer() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        buf.writeLong(42); // dropped on purpose, never released
    }
}
