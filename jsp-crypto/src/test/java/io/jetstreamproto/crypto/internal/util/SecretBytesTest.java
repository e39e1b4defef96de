package io.jetstreamproto.crypto.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** SR-16, SR-39: secrets never show in {@code toString} and are zeroed on destroy. */
class SecretBytesTest {
    private static final byte[] RAW = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @Test
    void toStringNeverShowsTheContent() {
        SecretBytes s = SecretBytes.copyOf(RAW);
        String hex = HexFormat.of().formatHex(RAW);
        for (String text : new String[] {s.toString(), String.valueOf(s)}) {
            assertThat(text).isEqualTo("SecretBytes[redacted, 16 bytes]");
            for (int i = 0; i + 4 <= hex.length(); i += 2) {
                assertThat(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain(hex.substring(i, i + 4));
            }
        }
        s.destroy();
        assertThat(s.toString()).isEqualTo("SecretBytes[redacted, 16 bytes, destroyed]");
    }

    @Test
    void destroyZeroesTheOwnedArray() {
        SecretBytes s = SecretBytes.copyOf(RAW);
        byte[] inner = s.bytes();
        assertThat(inner).isEqualTo(RAW).isNotSameAs(RAW);
        assertThat(s.isDestroyed()).isFalse();
        s.destroy();
        assertThat(inner).containsOnly((byte) 0);
        assertThat(s.isDestroyed()).isTrue();
        assertThat(s.length()).as("the length stays available").isEqualTo(16);
        assertThatThrownBy(s::bytes).isInstanceOf(IllegalStateException.class);
        s.destroy(); // idempotent
        assertThat(RAW[1]).as("copyOf did not touch the caller's array").isEqualTo((byte) 0x11);
    }

    @Test
    void wrapTakesOwnershipWithoutCopying() {
        byte[] owned = RAW.clone();
        SecretBytes s = SecretBytes.wrap(owned);
        assertThat(s.bytes()).isSameAs(owned);
        s.destroy();
        assertThat(owned).containsOnly((byte) 0);
        assertThatThrownBy(() -> SecretBytes.wrap(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void comparesOnlyInConstantTimeAndHasNoContentEquality() {
        SecretBytes a = SecretBytes.copyOf(RAW);
        SecretBytes b = SecretBytes.copyOf(RAW);
        SecretBytes c = SecretBytes.copyOf(new byte[16]);
        assertThat(a.constantTimeEquals(b)).isTrue();
        assertThat(a.constantTimeEquals(c)).isFalse();
        assertThat(a.constantTimeEquals(null)).isFalse();
        assertThat(a).as("no content-based equals (it would invite non-constant-time comparisons)").isNotEqualTo(b);
        b.destroy();
        assertThat(a.constantTimeEquals(b)).as("a destroyed secret equals nothing").isFalse();
    }
}
