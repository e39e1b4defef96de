package io.jetstreamproto.core.internal.compress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveCompressionTest {
    @Test
    void smallMessagesAreNeverTried() {
        AdaptiveCompression a = new AdaptiveCompression(512);
        assertThat(a.shouldTry(511)).isFalse();
        assertThat(a.shouldTry(512)).isTrue();
    }

    @Test
    void aRunOfIncompressibleMessagesPausesTryingWithGrowingPauses() {
        AdaptiveCompression a = new AdaptiveCompression(1);
        int tries = 0;
        for (int i = 0; i < 10_000; i++) {
            if (a.shouldTry(1000)) {
                tries++;
                a.onResult(false);
            }
        }
        // 8 tries, then one probe after 64, 128, 256, ... messages: far fewer than one per message
        assertThat(tries).isBetween(8, 20);
        assertThat(a.attempts()).isEqualTo(tries);
    }

    @Test
    void aSuccessfulProbeResumesCompressingEveryMessage() {
        AdaptiveCompression a = new AdaptiveCompression(1);
        for (int i = 0; i < 8; i++) {
            assertThat(a.shouldTry(1000)).isTrue();
            a.onResult(false);
        }
        int skipped = 0;
        while (!a.shouldTry(1000)) {
            skipped++;
        }
        assertThat(skipped).isEqualTo(AdaptiveCompression.FIRST_PAUSE);
        a.onResult(true);
        for (int i = 0; i < 100; i++) {
            assertThat(a.shouldTry(1000)).isTrue();
            a.onResult(true);
        }
        assertThat(a.successes()).isEqualTo(101);
    }
}
