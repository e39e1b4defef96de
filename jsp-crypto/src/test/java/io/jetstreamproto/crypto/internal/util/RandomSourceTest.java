package io.jetstreamproto.crypto.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RandomSourceTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void deterministicSourceIsShake128OfTheBigEndianSeed() {
        // Expected values from Python's hashlib.shake_128(struct.pack('>q', seed)): an independent implementation,
        // so this pins the definition across JVMs and Bouncy Castle versions.
        assertThat(HEX.formatHex(RandomSource.deterministicForTesting(0).nextBytes(40))).isEqualTo(
                "7a24b666da345c98c3a400aafd14a51a6c07d748c6fc04fbd13088ed8b33948dc4301af2a06c213a");
        assertThat(HEX.formatHex(RandomSource.deterministicForTesting(1).nextBytes(40))).isEqualTo(
                "f9fcdd9f9a6b212b9e1a79ec15dcb29f069d4aaf54aae54180aac1254619c89888c1bd538d58e363");
        assertThat(HEX.formatHex(RandomSource.deterministicForTesting(-1).nextBytes(40))).isEqualTo(
                "9aede33bc1fa7992dd4fa838212a7353baaa5513bb4ae259b495378898d754abb42ed88abc5766a9");
    }

    @Test
    void outputDoesNotDependOnHowItIsSplitIntoCalls() {
        byte[] whole = RandomSource.deterministicForTesting(7).nextBytes(1000);
        RandomSource r = RandomSource.deterministicForTesting(7);
        byte[] pieces = new byte[1000];
        int pos = 0;
        for (int n : new int[] {0, 1, 31, 168, 169, 300, 331}) {
            byte[] part = r.nextBytes(n);
            System.arraycopy(part, 0, pieces, pos, n);
            pos += n;
        }
        assertThat(pos).isEqualTo(1000);
        assertThat(pieces).isEqualTo(whole);
    }

    @Test
    void seedsGiveDifferentStreams() {
        assertThat(RandomSource.deterministicForTesting(1).nextBytes(32))
                .isNotEqualTo(RandomSource.deterministicForTesting(2).nextBytes(32));
    }

    @Test
    void secureRandomAdapterDrawsFromTheSourceAndIgnoresSeeding() {
        SecureRandom adapted = RandomSource.deterministicForTesting(1).asSecureRandom();
        adapted.setSeed(new byte[] {1, 2, 3}); // must not perturb the stream
        adapted.setSeed(42L);
        byte[] viaAdapter = new byte[16];
        adapted.nextBytes(viaAdapter);
        assertThat(viaAdapter).isEqualTo(RandomSource.deterministicForTesting(1).nextBytes(16));
        assertThat(adapted.generateSeed(8)).isEqualTo(Arrays.copyOfRange(
                RandomSource.deterministicForTesting(1).nextBytes(24), 16, 24));
        assertThat(adapted.getAlgorithm()).isEqualTo("JSP-RandomSource");
    }

    @Test
    void productionSourceWrapsTheGivenSecureRandom() {
        SecureRandom sr = new SecureRandom();
        RandomSource r = RandomSource.of(sr);
        assertThat(r.asSecureRandom()).isSameAs(sr);
        assertThat(r.nextBytes(48)).hasSize(48);
        assertThat(r.nextBytes(0)).isEmpty();
        assertThat(r.nextBytes(32)).isNotEqualTo(r.nextBytes(32));
    }

    @Test
    void toStringSaysWhatItIs() {
        assertThat(RandomSource.deterministicForTesting(3).toString()).contains("testing only");
    }
}
