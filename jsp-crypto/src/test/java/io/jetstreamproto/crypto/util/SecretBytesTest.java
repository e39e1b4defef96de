package io.jetstreamproto.crypto.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
    @Test
    void neverShowsItsContentAndZeroesOnDestroy() {
        byte[] raw = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        SecretBytes s = SecretBytes.copyOf(raw);
        assertThat(s.toString()).doesNotContain("0011").contains("redacted").contains("16 bytes");
        byte[] inner = s.bytes();
        s.destroy();
        assertThat(inner).containsOnly((byte) 0);
        assertThat(s.isDestroyed()).isTrue();
        assertThatThrownBy(s::bytes).isInstanceOf(IllegalStateException.class);
        assertThat(raw[1]).isEqualTo((byte) 0x11); // copyOf did not touch the caller's array
    }

    @Test
    void constantTimeHelper() {
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 2})).isTrue();
        assertThat(ConstantTime.equals(new byte[] {1, 2}, new byte[] {1, 3})).isFalse();
        assertThat(ConstantTime.equals(new byte[] {1}, new byte[] {1, 2})).isFalse();
        assertThat(ConstantTime.equals(null, new byte[0])).isFalse();
        assertThat(ConstantTime.equals(new byte[] {9, 1, 2}, 1, new byte[] {1, 2}, 0, 2)).isTrue();
        assertThat(ConstantTime.equals(new byte[] {9, 1, 2}, 2, new byte[] {1, 2}, 0, 2)).isFalse();
    }

    @Test
    void deterministicSourceIsReproducibleAndSeedDependent() {
        assertThat(RandomSource.deterministicForTesting(1).nextBytes(32))
                .isEqualTo(RandomSource.deterministicForTesting(1).nextBytes(32))
                .isNotEqualTo(RandomSource.deterministicForTesting(2).nextBytes(32));
        byte[] viaSecureRandom = new byte[16];
        RandomSource.deterministicForTesting(1).asSecureRandom().nextBytes(viaSecureRandom);
        assertThat(viaSecureRandom).isEqualTo(RandomSource.deterministicForTesting(1).nextBytes(16));
    }
}
