package io.jetstreamproto.crypto.internal.kdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/** SR-02: HMAC-SHA256 against RFC 4231 and Bouncy Castle. */
class HmacTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc4231TestCase1() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        assertThat(HEX.formatHex(Hmac.sha256(key, "Hi There".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void rfc4231TestCase2InPieces() {
        byte[] key = "Jefe".getBytes(StandardCharsets.US_ASCII);
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assertThat(HEX.formatHex(Hmac.sha256(key, "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(expected);
        assertThat(HEX.formatHex(Hmac.sha256(key, "what do ya want ".getBytes(StandardCharsets.US_ASCII),
                new byte[0], "for nothing?".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(expected);
    }

    @Test
    void emptyKeyIsAllowedAndEqualsTheZeroPaddedKey() {
        byte[] msg = "msg".getBytes(StandardCharsets.US_ASCII);
        // python3: hmac.new(b'', b'msg', 'sha256').hexdigest()
        assertThat(HEX.formatHex(Hmac.sha256(new byte[0], msg)))
                .isEqualTo("5f576a8d68fe4fb7eb823227246353c0870c3b0e878997341db1226b4bd88d61");
        assertThat(Hmac.sha256(new byte[0], msg)).isEqualTo(Hmac.sha256(new byte[1], msg));
    }

    @Test
    void agreesWithBouncyCastleOnLongKeysAndMessages() {
        for (int keyLen : new int[] {1, 32, 64, 65, 131}) {
            byte[] key = new byte[keyLen];
            byte[] msg = new byte[keyLen * 7 + 3];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = (byte) (i * 31);
                if (i < keyLen) {
                    key[i] = (byte) (i + 1);
                }
            }
            HMac bc = new HMac(new SHA256Digest());
            bc.init(new KeyParameter(key));
            bc.update(msg, 0, msg.length);
            byte[] expected = new byte[32];
            bc.doFinal(expected, 0);
            assertThat(Hmac.sha256(key, msg)).as("key length %d", keyLen).isEqualTo(expected);
        }
    }
}
