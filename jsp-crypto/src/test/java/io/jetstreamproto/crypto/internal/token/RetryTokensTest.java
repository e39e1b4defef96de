package io.jetstreamproto.crypto.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryTokensTest { // SR-27
    private static final long SEC = 1_000_000_000L;
    private static final long T0 = 1000 * SEC;
    private static final byte[] IP = {(byte) 192, (byte) 168, 1, 20};
    private static final int PORT = 5555;
    private static final ConnectionId SCID = ConnectionId.of(new byte[] {1, 1, 1, 1, 1, 1, 1, 1});
    private static final ConnectionId ODCID = ConnectionId.of(new byte[] {9, 8, 7, 6, 5, 4, 3, 2});

    private final RetryTokens tokens = new RetryTokens(RandomSource.deterministicForTesting(1), Duration.ofSeconds(120),
            Duration.ofSeconds(10), T0);

    @Test
    void validTokenCarriesTheOriginalDestinationId() {
        byte[] t = tokens.mint(IP, PORT, SCID, ODCID, T0);
        TokenValidation v = tokens.validate(t, IP, PORT, SCID, T0 + 3 * SEC);
        assertThat(v.isValid()).isTrue();
        assertThat(v.originalDcid()).isEqualTo(ODCID);
        assertThat(t.length).isEqualTo(1 + 1 + 4 + 1 + 8 + 16);
    }

    @Test
    void expired() {
        byte[] t = tokens.mint(IP, PORT, SCID, ODCID, T0);
        assertThat(tokens.validate(t, IP, PORT, SCID, T0 + 10 * SEC).isValid()).isTrue();
        assertThat(tokens.validate(t, IP, PORT, SCID, T0 + 11 * SEC).outcome())
                .isEqualTo(TokenValidation.Outcome.EXPIRED);
    }

    @Test
    void futureDated() {
        byte[] t = tokens.mint(IP, PORT, SCID, ODCID, T0 + 30 * SEC);
        assertThat(tokens.validate(t, IP, PORT, SCID, T0 + 28 * SEC).outcome())
                .isEqualTo(TokenValidation.Outcome.FROM_THE_FUTURE);
    }

    @Test
    void wrongAddressPortOrSourceId() {
        byte[] t = tokens.mint(IP, PORT, SCID, ODCID, T0);
        byte[] otherIp = IP.clone();
        otherIp[3]++;
        assertThat(tokens.validate(t, otherIp, PORT, SCID, T0).outcome()).isEqualTo(TokenValidation.Outcome.BAD_MAC);
        assertThat(tokens.validate(t, IP, PORT + 1, SCID, T0).outcome()).isEqualTo(TokenValidation.Outcome.BAD_MAC);
        assertThat(tokens.validate(t, IP, PORT, ODCID, T0).outcome()).isEqualTo(TokenValidation.Outcome.BAD_MAC);
        byte[] ipv6 = new byte[16];
        assertThat(tokens.validate(t, ipv6, PORT, SCID, T0).outcome()).isEqualTo(TokenValidation.Outcome.BAD_MAC);
    }

    @Test
    void everyTamperedByteIsRejected() {
        byte[] t = tokens.mint(IP, PORT, SCID, ODCID, T0);
        for (int i = 0; i < t.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] c = t.clone();
                c[i] ^= (byte) (1 << bit);
                assertThat(tokens.validate(c, IP, PORT, SCID, T0).isValid()).as("byte %d bit %d", i, bit).isFalse();
            }
        }
        assertThat(tokens.validate(new byte[3], IP, PORT, SCID, T0).outcome())
                .isEqualTo(TokenValidation.Outcome.MALFORMED);
        assertThat(tokens.validate(java.util.Arrays.copyOf(t, t.length - 1), IP, PORT, SCID, T0).isValid()).isFalse();
    }

    @Test
    void previousEpochAcceptedTwoEpochsOldRejected() {
        RetryTokens shortEpochs = new RetryTokens(RandomSource.deterministicForTesting(2), Duration.ofSeconds(5),
                Duration.ofSeconds(20), T0);
        byte[] t = shortEpochs.mint(IP, PORT, SCID, ODCID, T0 + 4 * SEC); // epoch 0
        assertThat(shortEpochs.validate(t, IP, PORT, SCID, T0 + 6 * SEC).isValid()).isTrue(); // now epoch 1
        assertThat(shortEpochs.validate(t, IP, PORT, SCID, T0 + 11 * SEC).outcome()) // epoch 2
                .isEqualTo(TokenValidation.Outcome.UNKNOWN_EPOCH);
    }

    @Test
    void anotherServerInstanceCannotValidate() {
        RetryTokens other = new RetryTokens(RandomSource.deterministicForTesting(3), Duration.ofSeconds(120),
                Duration.ofSeconds(10), T0);
        byte[] t = tokens.mint(IP, PORT, SCID, ODCID, T0);
        assertThat(other.validate(t, IP, PORT, SCID, T0).outcome()).isEqualTo(TokenValidation.Outcome.BAD_MAC);
    }
}
