package io.jetstreamproto.crypto.internal.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.testing.Wycheproof;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SR-02: every case of Wycheproof's {@code chacha20_poly1305_test.json}, through both implementations.
 *
 * <p>Counts (325 cases): 256 valid (each must seal to the expected ciphertext and tag, in a byte array and in place
 * in a direct buffer, and open back); 60 invalid with a modified tag (must fail to open); 9 invalid because of the
 * nonce size ({@code InvalidNonceSize}: 0, 8, 16... byte IVs). Our API accepts only 12-byte nonces, so those 9 must be
 * rejected with {@link IllegalArgumentException} by seal and open: counted as passes.
 */
class ChaCha20Poly1305WycheproofTest {

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void allCases(AeadImplementation impl) {
        List<Wycheproof.Case> cases = Wycheproof.load("chacha20_poly1305_test.json");
        int valid = 0;
        int modifiedTag = 0;
        int badNonceSize = 0;
        for (Wycheproof.Case c : cases) {
            byte[] key = c.hex("key");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] msg = c.hex("msg");
            byte[] ctTag = concat(c.hex("ct"), c.hex("tag"));
            PacketCipher cipher = impl.newCipher(CipherSuite.CHACHA20_POLY1305_SHA256, key);
            try {
                if (c.hasFlag("InvalidNonceSize")) {
                    assertThat(iv.length).as(c.describe()).isNotEqualTo(12);
                    assertThat(c.result()).isEqualTo("invalid");
                    assertThatThrownBy(() -> cipher.open(iv, aad, ctTag)).as(c.describe())
                            .isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> cipher.seal(iv, aad, msg)).as(c.describe())
                            .isInstanceOf(IllegalArgumentException.class);
                    badNonceSize++;
                } else if (c.result().equals("valid")) {
                    assertThat(cipher.seal(iv, aad, msg)).as(c.describe()).isEqualTo(ctTag);
                    assertThat(cipher.open(iv, aad, ctTag)).as(c.describe()).isEqualTo(msg);
                    assertThat(sealInDirectBuffer(impl, key, iv, aad, msg)).as(c.describe()).isEqualTo(ctTag);
                    valid++;
                } else {
                    assertThat(c.hasFlag("ModifiedTag")).as(c.describe()).isTrue();
                    assertThat(cipher.open(iv, aad, ctTag)).as(c.describe()).isNull();
                    modifiedTag++;
                }
            } finally {
                cipher.destroy();
            }
        }
        assertThat(cases).hasSize(325);
        assertThat(valid).isEqualTo(256);
        assertThat(modifiedTag).isEqualTo(60);
        assertThat(badNonceSize).isEqualTo(9);
    }

    private static byte[] sealInDirectBuffer(AeadImplementation impl, byte[] key, byte[] iv, byte[] aad, byte[] msg) {
        byte[] content = Arrays.copyOf(concat(aad, msg), aad.length + msg.length + 16);
        ByteBuf buf = BufferKind.DIRECT.of(content);
        PacketCipher c = impl.newCipher(CipherSuite.CHACHA20_POLY1305_SHA256, key);
        try {
            c.seal(iv, buf, 0, aad.length, aad.length, msg.length);
            return BufferKind.read(buf, aad.length, msg.length + 16);
        } finally {
            buf.release();
            c.destroy();
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
