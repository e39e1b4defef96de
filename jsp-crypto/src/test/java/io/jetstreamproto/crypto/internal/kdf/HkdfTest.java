package io.jetstreamproto.crypto.internal.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.testing.Wycheproof;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SR-02 (HKDF-SHA256: Wycheproof, RFC 5869) and SR-10 (Expand-Label reproduces RFC 8448 and RFC 9001). */
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NONE = new byte[0];

    /**
     * Wycheproof {@code hkdf_sha256_test.json}, 86 cases: 83 valid (output must match) and 3 invalid
     * ({@code SizeTooLarge}: more than 255 * 32 bytes requested, must be refused).
     */
    @Test
    void wycheproofHkdfSha256() {
        List<Wycheproof.Case> cases = Wycheproof.load("hkdf_sha256_test.json");
        int valid = 0;
        int tooLarge = 0;
        for (Wycheproof.Case c : cases) {
            int size = c.test().get("size").asInt();
            byte[] prk = Hkdf.extract(c.hex("salt"), c.hex("ikm"));
            if (c.result().equals("valid")) {
                assertThat(Hkdf.expand(prk, c.hex("info"), size)).as(c.describe()).isEqualTo(c.hex("okm"));
                valid++;
            } else {
                assertThat(c.hasFlag("SizeTooLarge")).as(c.describe()).isTrue();
                assertThatThrownBy(() -> Hkdf.expand(prk, c.hex("info"), size)).as(c.describe())
                        .isInstanceOf(IllegalArgumentException.class);
                tooLarge++;
            }
        }
        assertThat(cases).hasSize(86);
        assertThat(valid).isEqualTo(83);
        assertThat(tooLarge).isEqualTo(3);
    }

    @Test
    void rfc5869AppendixA1() {
        byte[] prk = Hkdf.extract(HEX.parseHex("000102030405060708090a0b0c"), repeat(0x0b, 22));
        assertThat(HEX.formatHex(prk)).isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(Hkdf.expand(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42))).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869AppendixA2() {
        byte[] prk = Hkdf.extract(range(0x60, 80), range(0x00, 80));
        assertThat(HEX.formatHex(prk)).isEqualTo("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
        assertThat(HEX.formatHex(Hkdf.expand(prk, range(0xb0, 80), 82))).isEqualTo(
                "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                        + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void rfc5869AppendixA3EmptySaltAndInfo() {
        byte[] prk = Hkdf.extract(NONE, repeat(0x0b, 22));
        assertThat(HEX.formatHex(prk)).isEqualTo("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertThat(Hkdf.extract(null, repeat(0x0b, 22))).as("null salt = empty salt = 32 zero bytes")
                .isEqualTo(prk).isEqualTo(Hkdf.extract(new byte[32], repeat(0x0b, 22)));
        assertThat(HEX.formatHex(Hkdf.expand(prk, NONE, 42))).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertThat(Hkdf.expand(prk, null, 42)).isEqualTo(Hkdf.expand(prk, NONE, 42));
    }

    @Test
    void expandLengthLimits() {
        byte[] prk = new byte[32];
        assertThat(Hkdf.expand(prk, NONE, 0)).isEmpty();
        assertThat(Hkdf.expand(prk, NONE, 255 * 32)).hasSize(8160);
        assertThatThrownBy(() -> Hkdf.expand(prk, NONE, 255 * 32 + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(prk, NONE, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expandLabelEncodesTheHkdfLabelOfRfc8446() {
        byte[] secret = range(0x20, 32);
        byte[] context = {(byte) 0xC0, (byte) 0xC1, (byte) 0xC2};
        // uint16 length = 0x0030 || uint8 len("tls13 key")=9 || "tls13 key" || uint8 3 || c0c1c2
        byte[] info = HEX.parseHex("0030" + "09" + HEX.formatHex("tls13 key".getBytes(StandardCharsets.US_ASCII))
                + "03" + "c0c1c2");
        assertThat(Hkdf.expandLabel("tls13 ", secret, "key", context, 48)).isEqualTo(Hkdf.expand(secret, info, 48));
        assertThat(Hkdf.expandLabel("tls13 ", secret, "key", null, 16))
                .isEqualTo(Hkdf.expandLabel("tls13 ", secret, "key", NONE, 16));
        assertThatThrownBy(() -> Hkdf.expandLabel("tls13 ", secret, "x".repeat(250), NONE, 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expandLabel("tls13 ", secret, "key", new byte[256], 16))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expandLabel("tls13 ", secret, "key", NONE, 70_000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 8448 §3 (simple 1-RTT handshake): the key schedule from the early secret to the master secret. */
    @Test
    void rfc8448KeyScheduleWithTheTls13Prefix() {
        byte[] early = Hkdf.extract(new byte[32], new byte[32]);
        assertThat(HEX.formatHex(early)).isEqualTo("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
        byte[] emptyHash = Sha256.hash();
        byte[] derived = Hkdf.expandLabel("tls13 ", early, "derived", emptyHash, 32);
        assertThat(HEX.formatHex(derived)).isEqualTo("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
        byte[] ecdhe = HEX.parseHex("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d");
        byte[] handshake = Hkdf.extract(derived, ecdhe);
        assertThat(HEX.formatHex(handshake))
                .isEqualTo("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");
        byte[] helloHash = HEX.parseHex("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", handshake, "c hs traffic", helloHash, 32)))
                .isEqualTo("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21");
        byte[] sHs = Hkdf.expandLabel("tls13 ", handshake, "s hs traffic", helloHash, 32);
        assertThat(HEX.formatHex(sHs)).isEqualTo("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", sHs, "key", NONE, 16)))
                .isEqualTo("3fce516009c21727d0f2e4e86ee403bc");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", sHs, "iv", NONE, 12))).isEqualTo("5d313eb2671276ee13000b30");
        byte[] derived2 = Hkdf.expandLabel("tls13 ", handshake, "derived", emptyHash, 32);
        assertThat(HEX.formatHex(derived2))
                .isEqualTo("43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4");
        assertThat(HEX.formatHex(Hkdf.extract(derived2, new byte[32])))
                .isEqualTo("18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");
    }

    /** RFC 9001 Appendix A.1: Initial secrets and keys for DCID 0x8394c8f03e515708. */
    @Test
    void rfc9001AppendixA1InitialKeys() {
        byte[] initialSalt = HEX.parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
        byte[] initial = Hkdf.extract(initialSalt, HEX.parseHex("8394c8f03e515708"));
        assertThat(HEX.formatHex(initial)).isEqualTo("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44");
        byte[] client = Hkdf.expandLabel("tls13 ", initial, "client in", NONE, 32);
        assertThat(HEX.formatHex(client)).isEqualTo("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", client, "quic key", NONE, 16)))
                .isEqualTo("1f369613dd76d5467730efcbe3b1a22d");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", client, "quic iv", NONE, 12)))
                .isEqualTo("fa044b2f42a3fd3b46fb255c");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", client, "quic hp", NONE, 16)))
                .isEqualTo("9f50449e04a0e810283a1e9933adedd2");
        byte[] server = Hkdf.expandLabel("tls13 ", initial, "server in", NONE, 32);
        assertThat(HEX.formatHex(server)).isEqualTo("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", server, "quic key", NONE, 16)))
                .isEqualTo("cf3a5331653c364c88f0f379b6067e37");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", server, "quic iv", NONE, 12)))
                .isEqualTo("0ac1493ca1905853b0bba03e");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", server, "quic hp", NONE, 16)))
                .isEqualTo("c206b8d9b9f0f37644430b490eeaa314");
    }

    /**
     * RFC 9001 Appendix A.5 (ChaCha20-Poly1305 short header): key, IV, header-protection key, key-update secret, and
     * the nonce of packet number 654360564 (IV XOR PN). The AEAD step of the same vector is in
     * {@code PacketCipherTest}.
     */
    @Test
    void rfc9001AppendixA5KeysAndNonce() {
        byte[] secret = HEX.parseHex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", secret, "quic key", NONE, 32)))
                .isEqualTo("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
        byte[] iv = Hkdf.expandLabel("tls13 ", secret, "quic iv", NONE, 12);
        assertThat(HEX.formatHex(iv)).isEqualTo("e0459b3474bdd0e44a41c144");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", secret, "quic hp", NONE, 32)))
                .isEqualTo("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", secret, "quic ku", NONE, 32)))
                .isEqualTo("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9");
        long pn = 654360564L;
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        }
        assertThat(HEX.formatHex(nonce)).isEqualTo("e0459b3474bdd0e46d417eb0");
    }

    @Test
    void jspPrefixIsTheDefault() {
        byte[] s = range(1, 32);
        assertThat(Hkdf.JSP_LABEL_PREFIX).isEqualTo("jsp1 ");
        assertThat(Hkdf.expandLabel(s, "key", NONE, 32)).isEqualTo(Hkdf.expandLabel("jsp1 ", s, "key", NONE, 32))
                .isNotEqualTo(Hkdf.expandLabel("tls13 ", s, "key", NONE, 32));
    }

    private static byte[] repeat(int value, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] range(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }
}
