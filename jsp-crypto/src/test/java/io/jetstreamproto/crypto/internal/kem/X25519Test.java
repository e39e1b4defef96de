package io.jetstreamproto.crypto.internal.kem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.testing.Wycheproof;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SR-02 and SR-04: Wycheproof {@code x25519_test.json} and RFC 7748. */
class X25519Test {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * 518 cases: 264 "valid" and 254 "acceptable" (either outcome allowed by Wycheproof). Our outcome is fixed: the
     * 31 cases whose shared secret is all zero (flag {@code ZeroSharedSecret}, all "acceptable") must be rejected
     * with {@code X25519_ZERO_SHARED_SECRET} (SR-04); every other case, valid or acceptable (487), must give exactly
     * the expected shared secret.
     */
    @Test
    void wycheproof() {
        List<Wycheproof.Case> cases = Wycheproof.load("x25519_test.json");
        int rejectedZero = 0;
        int agreedValid = 0;
        int agreedAcceptable = 0;
        for (Wycheproof.Case c : cases) {
            byte[] shared = c.hex("shared");
            if (c.hasFlag("ZeroSharedSecret")) {
                assertThat(shared).as(c.describe()).containsOnly((byte) 0);
                assertThatThrownBy(() -> X25519.agree(c.hex("private"), c.hex("public"))).as(c.describe())
                        .isInstanceOf(InvalidKeyShareException.class)
                        .extracting(e -> ((InvalidKeyShareException) e).reason())
                        .isEqualTo(InvalidKeyShareException.Reason.X25519_ZERO_SHARED_SECRET);
                rejectedZero++;
            } else {
                assertThat(X25519.agree(c.hex("private"), c.hex("public"))).as(c.describe()).isEqualTo(shared);
                if (c.result().equals("valid")) {
                    agreedValid++;
                } else {
                    agreedAcceptable++;
                }
            }
        }
        assertThat(cases).hasSize(518);
        assertThat(rejectedZero).isEqualTo(31);
        assertThat(agreedValid).isEqualTo(264);
        assertThat(agreedAcceptable).isEqualTo(223);
    }

    @Test
    void rfc7748Section61AliceAndBob() {
        byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bob = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        assertThat(HEX.formatHex(X25519.publicKey(alice)))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(HEX.formatHex(X25519.publicKey(bob)))
                .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertThat(HEX.formatHex(X25519.agree(alice, X25519.publicKey(bob)))).isEqualTo(shared);
        assertThat(HEX.formatHex(X25519.agree(bob, X25519.publicKey(alice)))).isEqualTo(shared);
    }

    @Test
    void rfc7748Section52OneAndOneThousandIterations() {
        byte[] k = HEX.parseHex("0900000000000000000000000000000000000000000000000000000000000000");
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = X25519.agree(k, u);
            u = k;
            k = next;
            if (i == 1) {
                assertThat(HEX.formatHex(k))
                        .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
            }
        }
        assertThat(HEX.formatHex(k)).isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    }

    @Test
    void randomKeysAgree() {
        RandomSource r = RandomSource.deterministicForTesting(25519);
        for (int i = 0; i < 20; i++) {
            byte[] a = X25519.generatePrivateKey(r);
            byte[] b = X25519.generatePrivateKey(r);
            assertThat(a).hasSize(32);
            assertThat(X25519.agree(a, X25519.publicKey(b))).isEqualTo(X25519.agree(b, X25519.publicKey(a)));
        }
    }

    @Test
    void wrongLengthsAreTypedErrorsWithoutKeyBytes() {
        byte[] priv = new byte[32];
        java.util.Arrays.fill(priv, (byte) 0x7c);
        for (int len : new int[] {0, 31, 33, 64}) {
            assertThatThrownBy(() -> X25519.agree(priv, new byte[len])).isInstanceOf(InvalidKeyShareException.class)
                    .extracting(e -> ((InvalidKeyShareException) e).reason())
                    .isEqualTo(InvalidKeyShareException.Reason.WRONG_LENGTH);
            assertThatThrownBy(() -> X25519.agree(new byte[len], X25519.publicKey(priv)))
                    .isInstanceOf(InvalidKeyShareException.class);
            assertThatThrownBy(() -> X25519.publicKey(new byte[len])).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> X25519.agree(priv, new byte[32])).as("the all-zero point")
                .hasMessageNotContaining("7c7c").hasMessageContaining("all zero");
    }
}
