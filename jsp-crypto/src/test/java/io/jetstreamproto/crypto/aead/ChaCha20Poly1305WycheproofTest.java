package io.jetstreamproto.crypto.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.testing.Wycheproof;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SR-02: Wycheproof chacha20_poly1305_test.json through both AEAD implementations. */
class ChaCha20Poly1305WycheproofTest {

    @ParameterizedTest
    @EnumSource(AeadImplementation.class)
    void allCases(AeadImplementation impl) {
        List<Wycheproof.Case> cases = Wycheproof.load("chacha20_poly1305_test.json");
        int valid = 0;
        int invalid = 0;
        int badNonce = 0;
        for (Wycheproof.Case c : cases) {
            byte[] key = c.hex("key");
            byte[] iv = c.hex("iv");
            byte[] aad = c.hex("aad");
            byte[] msg = c.hex("msg");
            byte[] ctTag = concat(c.hex("ct"), c.hex("tag"));
            PacketCipher cipher = impl.newCipher(CipherSuite.CHACHA20_POLY1305_SHA256, key);
            if (iv.length != 12) {
                // our API takes only 96-bit nonces: other sizes are rejected up front
                assertThatThrownBy(() -> cipher.open(iv, aad, ctTag)).as(c.describe())
                        .isInstanceOf(IllegalArgumentException.class);
                badNonce++;
                continue;
            }
            if (c.result().equals("valid")) {
                assertThat(cipher.seal(iv, aad, msg)).as(c.describe()).isEqualTo(ctTag);
                assertThat(cipher.open(iv, aad, ctTag)).as(c.describe()).isEqualTo(msg);
                valid++;
            } else {
                assertThat(cipher.open(iv, aad, ctTag)).as(c.describe()).isNull();
                invalid++;
            }
        }
        assertThat(cases).hasSize(325);
        assertThat(valid + invalid + badNonce).isEqualTo(325);
        assertThat(valid).isGreaterThan(200);
        assertThat(invalid).isGreaterThan(0);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
