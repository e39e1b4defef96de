package io.jetstreamproto.crypto.internal.aead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SR-44: one switch selects the implementation; the JDK is the default. */
class AeadImplementationTest {

    @Test
    void jdkIsTheDefault() {
        assertThat(AeadImplementation.defaultImplementation()).isEqualTo(AeadImplementation.JDK);
    }

    @Test
    void eachConstantBuildsItsImplementationForEverySuite() {
        for (CipherSuite suite : CipherSuite.values()) {
            PacketCipher jdk = AeadImplementation.JDK.newCipher(suite, new byte[32]);
            PacketCipher bc = AeadImplementation.BOUNCY_CASTLE.newCipher(suite, new byte[32]);
            assertThat(jdk).isInstanceOf(JdkPacketCipher.class);
            assertThat(bc).isInstanceOf(BcPacketCipher.class);
            assertThat(jdk.suite()).isEqualTo(suite);
            assertThat(bc.suite()).isEqualTo(suite);
            jdk.destroy();
            bc.destroy();
        }
    }

    @Test
    void keyLengthIsChecked() {
        for (AeadImplementation impl : AeadImplementation.values()) {
            for (int len : new int[] {0, 16, 31, 33}) {
                assertThatThrownBy(() -> impl.newCipher(CipherSuite.AES_256_GCM_SHA256, new byte[len]))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
            }
            assertThatThrownBy(() -> impl.newCipher(CipherSuite.CHACHA20_POLY1305_SHA256, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theCipherKeepsItsOwnCopyOfTheKey() {
        byte[] key = new byte[32];
        key[0] = 1;
        PacketCipher c = AeadImplementation.JDK.newCipher(CipherSuite.AES_256_GCM_SHA256, key);
        byte[] sealed = c.seal(new byte[12], new byte[0], new byte[5]);
        java.util.Arrays.fill(key, (byte) 0); // the caller wipes its array ...
        assertThat(c.open(new byte[12], new byte[0], sealed)).as("... and the cipher still works").hasSize(5);
        c.destroy();
    }
}
