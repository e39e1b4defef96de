package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.aead.PacketCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADCipher;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables64kGCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables8kGCMMultiplier;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
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
 * The AEAD options of issue 13, one packet sealed and then opened in place per operation (17-byte header as AAD,
 * the rest of a {@code size}-byte datagram as plaintext plus the 16-byte tag), a fresh nonce every packet. Run with
 * {@code -prof gc} to see bytes allocated per packet.
 *
 * <ul>
 *   <li>{@code jsp-jdk-heap} / {@code jsp-jdk-direct}: {@link AeadImplementation#JDK} as shipped, on a pooled heap or
 *       direct buffer;</li>
 *   <li>{@code jsp-bc-heap}: {@link AeadImplementation#BOUNCY_CASTLE} as shipped;</li>
 *   <li>{@code jdk-array-raw}: a bare JDK {@code Cipher}, re-initialised per packet (GCM must be: it refuses a second
 *       encryption under one IV), in place on a byte array;</li>
 *   <li>{@code jdk-bytebuffer-direct}: the same with {@code updateAAD(ByteBuffer)} and
 *       {@code doFinal(ByteBuffer, ByteBuffer)} in place on direct memory;</li>
 *   <li>{@code accp-array}: the array option through Amazon Corretto Crypto Provider 2.5 (AWS-LC, native; AES-GCM
 *       only), which keeps its native key context between inits;</li>
 *   <li>{@code bc-gcm-4k|8k|64k}: Bouncy Castle's {@code GCMModeCipher} with that multiplier table, key loaded once
 *       (re-init with a null key keeps the table), distinct input and output regions;</li>
 *   <li>{@code bc-gcm-siv}: AES-256-GCM-SIV (a different AEAD, not wire compatible; for reference);</li>
 *   <li>{@code bc-chacha}: Bouncy Castle's {@code ChaCha20Poly1305}, key loaded once.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class AeadOptionsBenchmark {
    private static final int HEADER = 17;
    private static final int TAG = 16;

    @Param({"AES_256_GCM_SHA256", "CHACHA20_POLY1305_SHA256"})
    public CipherSuite suite;

    @Param({"64", "1200", "1452"})
    public int size;

    @Param({"jsp-jdk-heap", "jsp-jdk-direct", "jsp-bc-heap", "jdk-array-raw", "jdk-bytebuffer-direct", "accp-array",
            "bc-gcm-4k", "bc-gcm-8k", "bc-gcm-64k", "bc-gcm-siv", "bc-chacha"})
    public String option;

    private Sealer sealer;
    private ByteBuf packet;
    private final byte[] nonce = new byte[12];
    private long counter;

    /** One option: seal then open {@code buf[0, size)} in place under {@code nonce}. */
    interface Sealer {
        int sealAndOpen(byte[] nonce, ByteBuf buf, int size);

        default void close() {}
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean aes = suite == CipherSuite.AES_256_GCM_SHA256;
        boolean direct = option.endsWith("direct");
        packet = direct ? PooledByteBufAllocator.DEFAULT.directBuffer(size) : PooledByteBufAllocator.DEFAULT.heapBuffer(size);
        packet.writeZero(size);
        byte[] key = new byte[32];
        key[0] = 7;
        sealer = switch (option) {
            case "jsp-jdk-heap", "jsp-jdk-direct" -> jsp(AeadImplementation.JDK.newCipher(suite, key));
            case "jsp-bc-heap" -> jsp(AeadImplementation.BOUNCY_CASTLE.newCipher(suite, key));
            case "jdk-array-raw" -> new JdkArray(suite, key, null);
            case "accp-array" -> aesOnly(aes, new JdkArray(suite, key, corretto()));
            case "jdk-bytebuffer-direct" -> new JdkByteBuffer(suite, key);
            case "bc-gcm-4k" -> aesOnly(aes, new Bc(GCMBlockCipher.newInstance(AESEngine.newInstance(),
                    new Tables4kGCMMultiplier()), key));
            case "bc-gcm-8k" -> aesOnly(aes, new Bc(GCMBlockCipher.newInstance(AESEngine.newInstance(),
                    new Tables8kGCMMultiplier()), key));
            case "bc-gcm-64k" -> aesOnly(aes, new Bc(GCMBlockCipher.newInstance(AESEngine.newInstance(),
                    new Tables64kGCMMultiplier()), key));
            case "bc-gcm-siv" -> aesOnly(aes, new BcSiv(key));
            case "bc-chacha" -> {
                if (aes) {
                    throw new IllegalArgumentException("bc-chacha is ChaCha20-Poly1305 only");
                }
                yield new Bc(new ChaCha20Poly1305(), key);
            }
            default -> throw new IllegalArgumentException(option);
        };
        checkRoundTrip();
    }

    /** Amazon Corretto Crypto Provider (AWS-LC), without registering it ({@code Security.addProvider}). */
    private static java.security.Provider corretto() {
        java.security.Provider p = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        return p;
    }

    private static Sealer aesOnly(boolean aes, Sealer s) {
        if (!aes) {
            throw new IllegalArgumentException("AES-GCM only");
        }
        return s;
    }

    /** The option must open what it sealed and give the plaintext back (Wycheproof checks the shipped ones). */
    private void checkRoundTrip() {
        for (int i = 0; i < size; i++) {
            packet.setByte(i, i * 31);
        }
        byte[] n = new byte[12];
        n[11] = 99;
        if (sealer.sealAndOpen(n, packet, size) != size - HEADER - TAG) {
            throw new IllegalStateException(option + " failed to open its own packet");
        }
        for (int i = 0; i < size - TAG; i++) {
            if (packet.getByte(i) != (byte) (i * 31)) {
                throw new IllegalStateException(option + " round trip changed byte " + i);
            }
        }
        packet.setZero(0, size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sealer.close();
        packet.release();
    }

    @Benchmark
    public int sealAndOpen() {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (n >>> (8 * i));
        }
        return sealer.sealAndOpen(nonce, packet, size);
    }

    private static Sealer jsp(PacketCipher c) {
        return new Sealer() {
            @Override
            public int sealAndOpen(byte[] nonce, ByteBuf buf, int size) {
                c.seal(nonce, buf, 0, HEADER, HEADER, size - HEADER - TAG);
                return c.open(nonce, buf, 0, HEADER, HEADER, size - HEADER);
            }

            @Override
            public void close() {
                c.destroy();
            }
        };
    }

    /** A bare JDK Cipher on the heap buffer's backing array, in place. */
    static final class JdkArray implements Sealer {
        final Cipher cipher;
        final SecretKeySpec key;
        final boolean aes;

        JdkArray(CipherSuite suite, byte[] k, java.security.Provider provider) throws GeneralSecurityException {
            aes = suite == CipherSuite.AES_256_GCM_SHA256;
            String transformation = aes ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305";
            cipher = provider == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, provider);
            key = new SecretKeySpec(k, aes ? "AES" : "ChaCha20");
        }

        java.security.spec.AlgorithmParameterSpec params(byte[] nonce) {
            return aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
        }

        /**
         * JDK 17's ChaCha20-Poly1305 refuses a decrypt init with the key and nonce of the previous init (here: the
         * seal): step through another nonce then, as the shipped code does.
         */
        void reinitDecrypt(byte[] nonce) throws GeneralSecurityException {
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, params(nonce));
            } catch (java.security.InvalidKeyException e) {
                byte[] other = nonce.clone();
                other[0] ^= 1;
                cipher.init(Cipher.DECRYPT_MODE, key, params(other));
                cipher.init(Cipher.DECRYPT_MODE, key, params(nonce));
            }
        }

        @Override
        public int sealAndOpen(byte[] nonce, ByteBuf buf, int size) {
            byte[] a = buf.array();
            int o = buf.arrayOffset();
            int len = size - HEADER - TAG;
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, params(nonce));
                cipher.updateAAD(a, o, HEADER);
                cipher.doFinal(a, o + HEADER, len, a, o + HEADER);
                reinitDecrypt(nonce);
                cipher.updateAAD(a, o, HEADER);
                return cipher.doFinal(a, o + HEADER, len + TAG, a, o + HEADER);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }


    /** A bare JDK Cipher on direct memory through ByteBuffers, in place. */
    static final class JdkByteBuffer implements Sealer {
        final JdkArray base;

        JdkByteBuffer(CipherSuite suite, byte[] k) throws GeneralSecurityException {
            base = new JdkArray(suite, k, null);
        }

        @Override
        public int sealAndOpen(byte[] nonce, ByteBuf buf, int size) {
            int len = size - HEADER - TAG;
            try {
                Cipher c = base.cipher;
                c.init(Cipher.ENCRYPT_MODE, base.key, base.params(nonce));
                c.updateAAD(buf.internalNioBuffer(0, HEADER));
                ByteBuffer in = buf.nioBuffer(HEADER, len);
                ByteBuffer out = buf.nioBuffer(HEADER, len + TAG);
                c.doFinal(in, out);
                base.reinitDecrypt(nonce);
                c.updateAAD(buf.internalNioBuffer(0, HEADER));
                return c.doFinal(buf.nioBuffer(HEADER, len + TAG), buf.nioBuffer(HEADER, len + TAG));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Bouncy Castle lightweight AEAD, key loaded once, through a scratch array (BC copies overlapping input). */
    static final class Bc implements Sealer {
        final AEADCipher cipher;
        final KeyParameter key;
        final byte[] scratch = new byte[2048];
        boolean loaded;

        Bc(AEADCipher cipher, byte[] k) {
            this.cipher = cipher;
            this.key = new KeyParameter(k);
        }

        @Override
        public int sealAndOpen(byte[] nonce, ByteBuf buf, int size) {
            byte[] a = buf.array();
            int o = buf.arrayOffset();
            int len = size - HEADER - TAG;
            try {
                cipher.init(true, new AEADParameters(loaded ? null : key, 128, nonce));
                loaded = true;
                cipher.processAADBytes(a, o, HEADER);
                System.arraycopy(a, o + HEADER, scratch, 0, len);
                int n = cipher.processBytes(scratch, 0, len, a, o + HEADER);
                cipher.doFinal(a, o + HEADER + n);
                cipher.init(false, new AEADParameters(null, 128, nonce));
                cipher.processAADBytes(a, o, HEADER);
                System.arraycopy(a, o + HEADER, scratch, 0, len + TAG);
                n = cipher.processBytes(scratch, 0, len + TAG, a, o + HEADER);
                return n + cipher.doFinal(a, o + HEADER + n);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** AES-256-GCM-SIV: not our wire format; only to see what the nonce-misuse-resistant mode costs. */
    static final class BcSiv implements Sealer {
        final GCMSIVBlockCipher cipher = new GCMSIVBlockCipher(AESEngine.newInstance(), new Tables8kGCMMultiplier());
        final KeyParameter key;
        final byte[] scratch = new byte[2048];

        BcSiv(byte[] k) {
            key = new KeyParameter(k);
        }

        @Override
        public int sealAndOpen(byte[] nonce, ByteBuf buf, int size) {
            byte[] a = buf.array();
            int o = buf.arrayOffset();
            int len = size - HEADER - TAG;
            try {
                cipher.init(true, new AEADParameters(key, 128, nonce));
                cipher.processAADBytes(a, o, HEADER);
                cipher.processBytes(a, o + HEADER, len, null, 0);
                cipher.doFinal(scratch, 0);
                System.arraycopy(scratch, 0, a, o + HEADER, len + TAG);
                cipher.init(false, new AEADParameters(key, 128, nonce));
                cipher.processAADBytes(a, o, HEADER);
                cipher.processBytes(a, o + HEADER, len + TAG, null, 0);
                int n = cipher.doFinal(scratch, 0);
                System.arraycopy(scratch, 0, a, o + HEADER, n);
                return n;
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
