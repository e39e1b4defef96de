package io.jetstreamproto.crypto.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.testing.Wycheproof;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SR-02 and SR-06: Wycheproof ed25519_test.json (including tc37, a 65-byte signature) and RFC 8032 §7.1. */
class Ed25519Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void wycheproof() {
        List<Wycheproof.Case> cases = Wycheproof.load("ed25519_test.json");
        int passed = 0;
        for (Wycheproof.Case c : cases) {
            byte[] pk = HEX.parseHex(c.group().get("publicKey").get("pk").asText());
            boolean ok = Ed25519.verify(pk, c.hex("msg"), c.hex("sig"));
            assertThat(ok).as(c.describe()).isEqualTo(c.result().equals("valid"));
            passed++;
        }
        assertThat(passed).isEqualTo(151);
        Wycheproof.Case tc37 = cases.stream().filter(c -> c.id() == 37).findFirst().orElseThrow();
        assertThat(tc37.hex("sig")).hasSize(65);
        assertThat(tc37.result()).isEqualTo("invalid");
    }

    @Test
    void rfc8032Test1() {
        byte[] sk = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertThat(HEX.formatHex(Ed25519.publicKey(sk)))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        byte[] sig = Ed25519.sign(sk, new byte[0]);
        assertThat(HEX.formatHex(sig)).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
                + "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(Ed25519.verify(Ed25519.publicKey(sk), new byte[0], sig)).isTrue();
        assertThat(Ed25519.verify(Ed25519.publicKey(sk), new byte[1], sig)).isFalse();
    }
}
