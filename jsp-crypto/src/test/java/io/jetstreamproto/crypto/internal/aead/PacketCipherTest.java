package io.jetstreamproto.crypto.internal.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link PacketCipher} contract, for both implementations ({@code JdkPacketCipher}, {@code BcPacketCipher}) and
 * both suites: known-answer vectors (RFC 8439 §2.8.2, RFC 9001 A.5, the GCM specification's test case 16) through the
 * byte-array form and every buffer kind, and the misuse rules.
 */
class PacketCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A known-answer vector: key, nonce, aad, plaintext, ciphertext || tag. */
    record Vector(String name, CipherSuite suite, byte[] key, byte[] nonce, byte[] aad, byte[] plaintext,
            byte[] sealed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() {
        return List.of(
                // RFC 8439 §2.8.2 (identical to RFC 7539 §2.8.2)
                new Vector("RFC 8439 2.8.2", CipherSuite.CHACHA20_POLY1305_SHA256,
                        HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"),
                        HEX.parseHex("070000004041424344454647"), HEX.parseHex("50515253c0c1c2c3c4c5c6c7"),
                        ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                                + " sunscreen would be it.").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        HEX.parseHex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca96712"
                                + "82fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab3"
                                + "24e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
                                + "1ae10b594f09e26a7e902ecbd0600691")),
                // RFC 9001 Appendix A.5: key and nonce (IV XOR packet number 654360564) of the ChaCha20-Poly1305
                // short-header packet; AAD = the unprotected header 4200bff4, payload = one PING frame.
                new Vector("RFC 9001 A.5", CipherSuite.CHACHA20_POLY1305_SHA256,
                        HEX.parseHex("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8"),
                        HEX.parseHex("e0459b3474bdd0e46d417eb0"), HEX.parseHex("4200bff4"), HEX.parseHex("01"),
                        HEX.parseHex("655e5cd55c41f69080575d7999c25a5bfb")),
                // The GCM specification (McGrew and Viega), test case 16: AES-256, 96-bit IV, 20 bytes of AAD
                new Vector("GCM test case 16", CipherSuite.AES_256_GCM_SHA256,
                        HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
                        HEX.parseHex("cafebabefacedbaddecaf888"),
                        HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
                        HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c9595680953"
                                + "2fcf0e2449a6b525b16aedf5aa0de657ba637b39"),
                        HEX.parseHex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3d"
                                + "a7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b")));
    }

    static List<Arguments> vectorsTimesImplementations() {
        List<Arguments> out = new ArrayList<>();
        for (Vector v : vectors()) {
            for (AeadImplementation impl : AeadImplementation.values()) {
                out.add(Arguments.of(v, impl));
            }
        }
        return out;
    }

    static List<Arguments> implementationsTimesSuites() {
        List<Arguments> out = new ArrayList<>();
        for (AeadImplementation impl : AeadImplementation.values()) {
            for (CipherSuite suite : CipherSuite.values()) {
                out.add(Arguments.of(impl, suite));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectorsTimesImplementations")
    void knownAnswerWithByteArrays(Vector v, AeadImplementation impl) {
        PacketCipher c = impl.newCipher(v.suite(), v.key());
        assertThat(c.seal(v.nonce(), v.aad(), v.plaintext())).isEqualTo(v.sealed());
        assertThat(c.open(v.nonce(), v.aad(), v.sealed())).isEqualTo(v.plaintext());
        byte[] forged = v.sealed().clone();
        forged[forged.length - 1] ^= 0x01;
        assertThat(c.open(v.nonce(), v.aad(), forged)).isNull();
        c.destroy();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vectorsTimesImplementations")
    void knownAnswerInEveryBufferKind(Vector v, AeadImplementation impl) {
        for (BufferKind kind : BufferKind.values()) {
            // layout: 3 bytes of junk, the AAD, 5 bytes of junk, the plaintext, room for the tag, 2 bytes of junk
            int aadAt = 3;
            int ptAt = aadAt + v.aad().length + 5;
            byte[] content = new byte[ptAt + v.sealed().length + 2];
            Arrays.fill(content, (byte) 0xA5);
            System.arraycopy(v.aad(), 0, content, aadAt, v.aad().length);
            System.arraycopy(v.plaintext(), 0, content, ptAt, v.plaintext().length);
            ByteBuf buf = kind.of(content);
            try {
                buf.readerIndex(1);
                int writerIndex = buf.writerIndex();
                PacketCipher sealer = impl.newCipher(v.suite(), v.key());
                sealer.seal(v.nonce(), buf, aadAt, v.aad().length, ptAt, v.plaintext().length);
                assertThat(BufferKind.read(buf, ptAt, v.sealed().length)).as(kind.name()).isEqualTo(v.sealed());
                assertThat(BufferKind.read(buf, 0, ptAt)).as("bytes before untouched")
                        .isEqualTo(Arrays.copyOf(content, ptAt));
                assertThat(BufferKind.read(buf, content.length - 2, 2)).as("bytes after untouched")
                        .containsOnly((byte) 0xA5);
                assertThat(buf.readerIndex()).isEqualTo(1);
                assertThat(buf.writerIndex()).isEqualTo(writerIndex);
                PacketCipher opener = impl.newCipher(v.suite(), v.key());
                int n = opener.open(v.nonce(), buf, aadAt, v.aad().length, ptAt, v.sealed().length);
                assertThat(n).as(kind.name()).isEqualTo(v.plaintext().length);
                assertThat(BufferKind.read(buf, ptAt, n)).as(kind.name()).isEqualTo(v.plaintext());
                assertThat(buf.readerIndex()).isEqualTo(1);
                assertThat(buf.writerIndex()).isEqualTo(writerIndex);
                sealer.destroy();
                opener.destroy();
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void emptyPlaintextAndEmptyAad(AeadImplementation impl, CipherSuite suite) {
        PacketCipher c = impl.newCipher(suite, new byte[32]);
        byte[] tagOnly = c.seal(new byte[12], new byte[0], new byte[0]);
        assertThat(tagOnly).hasSize(16);
        assertThat(c.open(new byte[12], null, tagOnly)).as("null AAD means empty").isEmpty();
        for (BufferKind kind : BufferKind.values()) {
            ByteBuf buf = kind.of(new byte[16]);
            try {
                PacketCipher s = impl.newCipher(suite, new byte[32]);
                s.seal(new byte[12], buf, 0, 0, 0, 0);
                assertThat(BufferKind.read(buf, 0, 16)).as(kind.name()).isEqualTo(tagOnly);
                assertThat(c.open(new byte[12], buf, 0, 0, 0, 16)).as(kind.name()).isZero();
                s.destroy();
            } finally {
                buf.release();
            }
        }
        c.destroy();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void onlyTwelveByteNoncesAreAccepted(AeadImplementation impl, CipherSuite suite) {
        PacketCipher c = impl.newCipher(suite, new byte[32]);
        ByteBuf buf = BufferKind.HEAP.of(new byte[64]);
        try {
            for (byte[] nonce : new byte[][] {null, new byte[0], new byte[8], new byte[11], new byte[13],
                    new byte[16], new byte[24]}) {
                assertThatThrownBy(() -> c.seal(nonce, new byte[0], new byte[1]))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.open(nonce, new byte[0], new byte[17]))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.seal(nonce, buf, 0, 4, 4, 10)).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> c.open(nonce, buf, 0, 4, 4, 26)).isInstanceOf(IllegalArgumentException.class);
            }
        } finally {
            buf.release();
            c.destroy();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void inputShorterThanTheTagFailsQuietly(AeadImplementation impl, CipherSuite suite) {
        PacketCipher c = impl.newCipher(suite, new byte[32]);
        ByteBuf buf = BufferKind.DIRECT.of(new byte[64]);
        try {
            for (int len = 0; len < 16; len++) {
                assertThat(c.open(new byte[12], new byte[0], new byte[len])).isNull();
                assertThat(c.open(new byte[12], buf, 0, 4, 4, len)).isEqualTo(-1);
            }
            assertThat(c.open(new byte[12], buf, 0, 4, 4, -5)).isEqualTo(-1);
            assertThat(c.open(new byte[12], buf, 0, 4, 4, 16)).as("16 zero bytes are not a valid tag").isEqualTo(-1);
        } finally {
            buf.release();
            c.destroy();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void regionsMustLieBelowTheWriterIndexAndNotOverlap(AeadImplementation impl, CipherSuite suite) {
        PacketCipher c = impl.newCipher(suite, new byte[32]);
        ByteBuf buf = BufferKind.HEAP.of(new byte[40]);
        buf.ensureWritable(100); // capacity beyond the writer index does not count
        try {
            byte[] n = new byte[12];
            assertThatThrownBy(() -> c.seal(n, buf, 0, 4, 4, 21)).as("no room for the tag below the writer index")
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.seal(n, buf, -1, 4, 4, 10)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.seal(n, buf, 0, 4, 4, -1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.seal(n, buf, 38, 4, 4, 10)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.open(n, buf, 0, 4, 4, 37)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> c.seal(n, buf, 0, 5, 4, 10)).as("AAD overlapping the plaintext")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.seal(n, buf, 20, 4, 4, 10)).as("AAD overlapping the tag")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.open(n, buf, 10, 4, 4, 20)).isInstanceOf(IllegalArgumentException.class);
            c.seal(n, buf, 0, 4, 4, 20); // exactly up to the writer index is fine
            assertThat(c.open(n, buf, 0, 4, 4, 36)).isEqualTo(20);
            assertThat(c.open(n, buf, 36, 4, 0, 36)).as("AAD after the ciphertext is fine too").isEqualTo(-1);
        } finally {
            buf.release();
            c.destroy();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void destroyedCipherRefusesEverything(AeadImplementation impl, CipherSuite suite) {
        byte[] key = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        PacketCipher c = impl.newCipher(suite, key);
        byte[] sealed = c.seal(new byte[12], new byte[0], new byte[3]);
        assertThat(c.toString()).contains("redacted").doesNotContain("0011").doesNotContain("2233");
        assertThat(c.isDestroyed()).isFalse();
        c.destroy();
        c.destroy(); // idempotent
        assertThat(c.isDestroyed()).isTrue();
        assertThat(c.toString()).contains("destroyed");
        assertThat(c.suite()).isEqualTo(suite);
        ByteBuf buf = BufferKind.HEAP.of(new byte[64]);
        try {
            byte[] n = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            assertThatThrownBy(() -> c.seal(n, new byte[0], new byte[1])).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.open(new byte[12], new byte[0], sealed))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.seal(n, buf, 0, 4, 4, 10)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> c.open(n, buf, 0, 4, 4, 26)).isInstanceOf(IllegalStateException.class);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void aForgeryDoesNotStopTheGenuinePacketWithTheSameNonce(AeadImplementation impl, CipherSuite suite) {
        // JDK 17's ChaCha20-Poly1305 refuses a DECRYPT re-init with the previous key and nonce (security.md 3.6);
        // the cipher works around it. These are the situations in which that happens on a real connection.
        byte[] key = new byte[32];
        key[5] = 9;
        byte[] nonce = HEX.parseHex("000000000000000000000007");
        byte[] aad = {1, 2, 3};
        PacketCipher sender = impl.newCipher(suite, key);
        byte[] genuine = sender.seal(nonce, aad, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] forged = genuine.clone();
        forged[0] ^= 0x40;
        PacketCipher receiver = impl.newCipher(suite, key);
        assertThat(receiver.open(nonce, aad, forged)).as("forged first").isNull();
        assertThat(receiver.open(nonce, aad, genuine)).as("then the genuine packet, same nonce").isNotNull();
        assertThat(receiver.open(nonce, aad, genuine)).as("a duplicate of the last packet").isNotNull();
        assertThat(sender.open(nonce, aad, genuine)).as("opening what this object just sealed").isNotNull();
        for (BufferKind kind : BufferKind.values()) {
            byte[] content = new byte[3 + genuine.length];
            System.arraycopy(aad, 0, content, 0, 3);
            System.arraycopy(genuine, 0, content, 3, genuine.length);
            ByteBuf a = kind.of(content);
            ByteBuf b = kind.of(content);
            try {
                assertThat(receiver.open(nonce, a, 0, 3, 3, genuine.length)).as(kind.name()).isEqualTo(5);
                assertThat(receiver.open(nonce, b, 0, 3, 3, genuine.length)).as(kind.name()).isEqualTo(5);
            } finally {
                a.release();
                b.release();
            }
        }
        sender.destroy();
        receiver.destroy();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("implementationsTimesSuites")
    void sealingTwiceInARowWithOneNonceIsRefused(AeadImplementation impl, CipherSuite suite) {
        // A last-resort safety net of both libraries (not a guarantee: only the previous nonce is remembered).
        PacketCipher c = impl.newCipher(suite, new byte[32]);
        byte[] nonce = new byte[12];
        c.seal(nonce, new byte[0], new byte[10]);
        assertThatThrownBy(() -> c.seal(nonce, new byte[0], new byte[10])).isInstanceOf(IllegalStateException.class);
        nonce[11] = 1;
        assertThat(c.seal(nonce, new byte[0], new byte[10])).as("a fresh nonce works again").hasSize(26);
        c.destroy();
    }

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void suitesAreNotInterchangeable(AeadImplementation impl) {
        PacketCipher chacha = impl.newCipher(CipherSuite.CHACHA20_POLY1305_SHA256, new byte[32]);
        PacketCipher aes = impl.newCipher(CipherSuite.AES_256_GCM_SHA256, new byte[32]);
        byte[] sealed = chacha.seal(new byte[12], new byte[0], new byte[8]);
        assertThat(aes.open(new byte[12], new byte[0], sealed)).isNull();
        chacha.destroy();
        aes.destroy();
    }
}
