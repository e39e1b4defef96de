package io.jetstreamproto.crypto.internal.aead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CipherSuiteTest {

    @Test
    void wireCodesAndNames() {
        assertThat(CipherSuite.CHACHA20_POLY1305_SHA256.id()).isEqualTo(0x0A01);
        assertThat(CipherSuite.AES_256_GCM_SHA256.id()).isEqualTo(0x0A02);
        assertThat(CipherSuite.CHACHA20_POLY1305_SHA256.displayName()).isEqualTo("ChaCha20-Poly1305");
        assertThat(CipherSuite.AES_256_GCM_SHA256.displayName()).isEqualTo("AES-256-GCM");
    }

    @Test
    void fromIdRoundTripsAndRejectsUnknownCodes() {
        for (CipherSuite s : CipherSuite.values()) {
            assertThat(CipherSuite.fromId(s.id())).contains(s);
        }
        assertThat(CipherSuite.fromId(0x1303)).as("TLS_CHACHA20_POLY1305_SHA256 is not a JSP code").isEmpty();
        assertThat(CipherSuite.fromId(0)).isEmpty();
        assertThat(CipherSuite.fromId(-1)).isEmpty();
    }

    @Test
    void lengths() {
        for (CipherSuite s : CipherSuite.values()) {
            assertThat(s.keyLength()).isEqualTo(32);
            assertThat(s.ivLength()).isEqualTo(12).isEqualTo(PacketCipher.NONCE_LENGTH);
            assertThat(s.tagLength()).isEqualTo(16).isEqualTo(PacketCipher.TAG_LENGTH);
        }
    }
}
