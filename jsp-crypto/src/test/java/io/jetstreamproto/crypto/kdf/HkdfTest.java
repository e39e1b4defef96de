package io.jetstreamproto.crypto.kdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.testing.Wycheproof;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SR-02 (HKDF, HMAC) and SR-10 (Expand-Label reproduces TLS 1.3 and QUIC derivations). */
class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void wycheproofHkdfSha256() {
        List<Wycheproof.Case> cases = Wycheproof.load("hkdf_sha256_test.json");
        int valid = 0;
        int invalid = 0;
        for (Wycheproof.Case c : cases) {
            int size = c.test().get("size").asInt();
            if (c.result().equals("valid")) {
                byte[] okm = Hkdf.expand(Hkdf.extract(c.hex("salt"), c.hex("ikm")), c.hex("info"), size);
                assertThat(okm).as(c.describe()).isEqualTo(c.hex("okm"));
                valid++;
            } else {
                assertThatThrownBy(() -> Hkdf.expand(Hkdf.extract(c.hex("salt"), c.hex("ikm")), c.hex("info"), size))
                        .as(c.describe()).isInstanceOf(IllegalArgumentException.class);
                invalid++;
            }
        }
        assertThat(valid + invalid).isEqualTo(86);
        assertThat(invalid).isPositive();
    }

    @Test
    void rfc4231HmacSha256() {
        byte[] key1 = new byte[20];
        java.util.Arrays.fill(key1, (byte) 0x0b);
        assertThat(HEX.formatHex(Hmac.sha256(key1, "Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(HEX.formatHex(Hmac.sha256("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want ".getBytes(StandardCharsets.US_ASCII),
                "for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void rfc8448DerivedSecretWithTheTls13Prefix() {
        byte[] early = Hkdf.extract(new byte[32], new byte[32]);
        assertThat(HEX.formatHex(early)).isEqualTo("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
        byte[] emptyHash = Sha256.hash();
        byte[] derived = Hkdf.expandLabel("tls13 ", early, "derived", emptyHash, 32);
        assertThat(HEX.formatHex(derived)).isEqualTo("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    }

    @Test
    void rfc9001AppendixA5KeysAndNonce() {
        byte[] secret = HEX.parseHex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
        byte[] none = new byte[0];
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", secret, "quic key", none, 32)))
                .isEqualTo("c6d98ff3441c3fe1b2182094f69caa2ed4b716b65488960a7a984979fb23e1c8");
        byte[] iv = Hkdf.expandLabel("tls13 ", secret, "quic iv", none, 12);
        assertThat(HEX.formatHex(iv)).isEqualTo("e0459b3474bdd0e44a41c144");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", secret, "quic hp", none, 32)))
                .isEqualTo("25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4");
        assertThat(HEX.formatHex(Hkdf.expandLabel("tls13 ", secret, "quic ku", none, 32)))
                .isEqualTo("1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9");
        // nonce = iv XOR packet number (654360564), as PacketKey computes it
        long pn = 654360564L;
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        }
        assertThat(HEX.formatHex(nonce)).isEqualTo("e0459b3474bdd0e46d417eb0");
    }

    @Test
    void jspPrefixIsTheDefault() {
        byte[] s = new byte[32];
        assertThat(Hkdf.expandLabel(s, "key", new byte[0], 32)).isEqualTo(Hkdf.expandLabel("jsp1 ", s, "key", new byte[0], 32))
                .isNotEqualTo(Hkdf.expandLabel("tls13 ", s, "key", new byte[0], 32));
    }
}
