package io.jetstreamproto.crypto.internal.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.testing.Wycheproof;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SR-02 and SR-06: Wycheproof {@code ed25519_test.json} (including tc37, a 65-byte signature) and RFC 8032 §7.1. */
class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    /** All 151 cases: 88 valid signatures must verify, 63 invalid ones (tc37 among them) must not. */
    @Test
    void wycheproof() {
        List<Wycheproof.Case> cases = Wycheproof.load("ed25519_test.json");
        int valid = 0;
        int invalid = 0;
        for (Wycheproof.Case c : cases) {
            byte[] pk = HEX.parseHex(c.group().get("publicKey").get("pk").asText());
            boolean expected = c.result().equals("valid");
            assertThat(Ed25519.verify(pk, c.hex("msg"), c.hex("sig"))).as(c.describe()).isEqualTo(expected);
            if (expected) {
                valid++;
            } else {
                invalid++;
            }
        }
        assertThat(cases).hasSize(151);
        assertThat(valid).isEqualTo(88);
        assertThat(invalid).isEqualTo(63);
        Wycheproof.Case tc37 = cases.stream().filter(c -> c.id() == 37).findFirst().orElseThrow();
        assertThat(tc37.hex("sig")).hasSize(65);
        assertThat(tc37.hasFlag("SignatureWithGarbage")).isTrue();
    }

    @Test
    void rfc8032Section71Test1() {
        check("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
                        + "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void rfc8032Section71Test2() {
        check("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                        + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    }

    @Test
    void rfc8032Section71Test3() {
        check("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                        + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
    }

    private static void check(String sk, String pk, String msg, String sig) {
        byte[] priv = HEX.parseHex(sk);
        byte[] message = HEX.parseHex(msg);
        assertThat(HEX.formatHex(Ed25519.publicKey(priv))).isEqualTo(pk);
        assertThat(HEX.formatHex(Ed25519.sign(priv, message))).isEqualTo(sig);
        assertThat(Ed25519.verify(HEX.parseHex(pk), message, HEX.parseHex(sig))).isTrue();
        byte[] other = Arrays.copyOf(message, message.length + 1);
        assertThat(Ed25519.verify(HEX.parseHex(pk), other, HEX.parseHex(sig))).isFalse();
    }

    @Test
    void lengthsAreCheckedBeforeVerifying() { // SR-06
        RandomSource r = RandomSource.deterministicForTesting(25519);
        byte[] priv = Ed25519.generatePrivateKey(r);
        byte[] pub = Ed25519.publicKey(priv);
        byte[] msg = {1, 2, 3};
        byte[] sig = Ed25519.sign(priv, msg);
        assertThat(Ed25519.verify(pub, msg, sig)).isTrue();
        assertThat(Ed25519.verify(pub, msg, Arrays.copyOf(sig, 65))).as("a zero byte appended (tc37)").isFalse();
        assertThat(Ed25519.verify(pub, msg, Arrays.copyOf(sig, 63))).isFalse();
        assertThat(Ed25519.verify(Arrays.copyOf(pub, 33), msg, sig)).isFalse();
        assertThat(Ed25519.verify(Arrays.copyOf(pub, 31), msg, sig)).isFalse();
        assertThat(Ed25519.verify(null, msg, sig)).isFalse();
        assertThat(Ed25519.verify(pub, msg, null)).isFalse();
        assertThat(Ed25519.verify(pub, null, sig)).isFalse();
        assertThat(Ed25519.verify(new byte[32], msg, sig)).as("a garbage key is a failed verification").isFalse();
        assertThatThrownBy(() -> Ed25519.sign(new byte[31], msg)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.publicKey(new byte[64])).isInstanceOf(IllegalArgumentException.class);
    }
}
