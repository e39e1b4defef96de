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
 * SR-02 for AES-256-GCM: the 256-bit-key cases of Wycheproof's {@code aes_gcm_test.json}, through every
 * implementation and, for the valid ones, every buffer kind.
 *
 * <p>Counts: of the 316 cases, 105 use a 256-bit key (the 211 with 128- or 192-bit keys are not our suite and are
 * skipped, counted). Of those, 39 valid cases with a 96-bit IV must seal to the expected ciphertext and tag (as arrays
 * and in place in each {@link BufferKind}) and open back; 27 with a modified tag must fail to open; 39 use another IV
 * size (0 to 2056 bits), which our API rejects with {@link IllegalArgumentException}: counted as passes.
 */
class AesGcmWycheproofTest {

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void allCases(AeadImplementation impl) {
        List<Wycheproof.Case> cases = Wycheproof.load("aes_gcm_test.json");
        int otherKeySize = 0;
        int valid = 0;
        int modifiedTag = 0;
        int badNonceSize = 0;
        for (Wycheproof.Case c : cases) {
            if (c.group().get("keySize").asInt() != 256) {
                otherKeySize++;
                continue;
            }
            assertThat(c.group().get("tagSize").asInt()).isEqualTo(128);
            byte[] key = c.hex("key");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] msg = c.hex("msg");
            byte[] ctTag = ChaCha20Poly1305WycheproofTest.concat(c.hex("ct"), c.hex("tag"));
            PacketCipher cipher = impl.newCipher(CipherSuite.AES_256_GCM_SHA256, key);
            try {
                if (iv.length != 12) {
                    assertThatThrownBy(() -> cipher.open(iv, aad, ctTag)).as(c.describe())
                            .isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> cipher.seal(iv, aad, msg)).as(c.describe())
                            .isInstanceOf(IllegalArgumentException.class);
                    badNonceSize++;
                } else if (c.result().equals("valid")) {
                    assertThat(cipher.seal(iv, aad, msg)).as(c.describe()).isEqualTo(ctTag);
                    assertThat(cipher.open(iv, aad, ctTag)).as(c.describe()).isEqualTo(msg);
                    for (BufferKind kind : BufferKind.values()) {
                        assertThat(sealAndOpenIn(kind, impl, key, iv, aad, msg)).as(c.describe() + " " + kind)
                                .isEqualTo(ctTag);
                    }
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
        assertThat(cases).hasSize(316);
        assertThat(otherKeySize).isEqualTo(211);
        assertThat(valid).isEqualTo(39);
        assertThat(modifiedTag).isEqualTo(27);
        assertThat(badNonceSize).isEqualTo(39);
    }

    /** Seals in place in a buffer of {@code kind}, checks that it opens back in place, returns ciphertext || tag. */
    private static byte[] sealAndOpenIn(BufferKind kind, AeadImplementation impl, byte[] key, byte[] iv, byte[] aad,
            byte[] msg) {
        byte[] content = Arrays.copyOf(ChaCha20Poly1305WycheproofTest.concat(aad, msg), aad.length + msg.length + 16);
        ByteBuf buf = kind.of(content);
        PacketCipher c = impl.newCipher(CipherSuite.AES_256_GCM_SHA256, key);
        try {
            c.seal(iv, buf, 0, aad.length, aad.length, msg.length);
            byte[] sealed = BufferKind.read(buf, aad.length, msg.length + 16);
            assertThat(c.open(iv, buf, 0, aad.length, aad.length, msg.length + 16)).isEqualTo(msg.length);
            assertThat(BufferKind.read(buf, aad.length, msg.length)).isEqualTo(msg);
            return sealed;
        } finally {
            buf.release();
            c.destroy();
        }
    }
}
