package io.jetstreamproto.crypto.internal.kdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SHA-256 against FIPS 180-4's examples. */
class Sha256Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fips180Examples() {
        assertThat(HEX.formatHex(Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(HEX.formatHex(Sha256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
                .getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void noPartsIsTheEmptyString() {
        assertThat(HEX.formatHex(Sha256.hash()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hash(new byte[0], new byte[0])).isEqualTo(Sha256.hash());
    }

    @Test
    void partsAreConcatenated() {
        byte[] a = "ab".getBytes(StandardCharsets.US_ASCII);
        byte[] c = "c".getBytes(StandardCharsets.US_ASCII);
        assertThat(Sha256.hash(a, c)).isEqualTo(Sha256.hash("abc".getBytes(StandardCharsets.US_ASCII)))
                .hasSize(Sha256.LENGTH);
    }
}
