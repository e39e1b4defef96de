package io.jetstreamproto.crypto.internal.aead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuitePreferenceTest {
    @Test
    void followsTheHardware() {
        CipherSuite first = SuitePreference.hasAesIntrinsics() ? CipherSuite.AES_256_GCM_SHA256
                : CipherSuite.CHACHA20_POLY1305_SHA256;
        assertThat(SuitePreference.hardwareDefault()).first().isEqualTo(first);
        assertThat(SuitePreference.hardwareDefault()).containsExactlyInAnyOrder(CipherSuite.values());
        assertThat(CipherSuite.fromId(0x0A01)).contains(CipherSuite.CHACHA20_POLY1305_SHA256);
        assertThat(CipherSuite.fromId(0x1303)).isEmpty();
    }
}
