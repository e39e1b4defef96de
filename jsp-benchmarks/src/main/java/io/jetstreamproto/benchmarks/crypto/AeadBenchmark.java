package io.jetstreamproto.benchmarks.crypto;

import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.aead.PacketCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Seal + open of one packet (17-byte header as AAD, 1200-byte datagram: 1167 bytes of plaintext) in place, per suite,
 * implementation and buffer kind. Each invocation uses a fresh nonce, as the protocol does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AeadBenchmark {
    private static final int HEADER = 17;
    private static final int PLAINTEXT = 1200 - HEADER - 16;

    @Param({"AES_256_GCM_SHA256", "CHACHA20_POLY1305_SHA256"})
    public CipherSuite suite;

    @Param({"JDK", "BOUNCY_CASTLE"})
    public AeadImplementation implementation;

    @Param({"direct", "heap"})
    public String buffer;

    private PacketCipher cipher;
    private ByteBuf packet;
    private final byte[] nonce = new byte[12];
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        cipher = implementation.newCipher(suite, new byte[32]);
        packet = buffer.equals("direct") ? PooledByteBufAllocator.DEFAULT.directBuffer(1200)
                : PooledByteBufAllocator.DEFAULT.heapBuffer(1200);
        packet.writeZero(1200);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
        cipher.destroy();
    }

    @Benchmark
    public int sealAndOpen() {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (n >>> (8 * i));
        }
        cipher.seal(nonce, packet, 0, HEADER, HEADER, PLAINTEXT);
        return cipher.open(nonce, packet, 0, HEADER, HEADER, PLAINTEXT + 16);
    }
}
