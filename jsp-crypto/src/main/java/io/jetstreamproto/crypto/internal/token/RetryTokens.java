package io.jetstreamproto.crypto.internal.token;

import io.jetstreamproto.crypto.internal.kdf.Hmac;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.util.ConstantTime;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Stateless retry tokens (docs/PROTOCOL.md §6.4, SR-26, SR-27): the server proves that a client can receive at its
 * claimed address without keeping any state for it.
 *
 * <pre>
 * token = version(1)=1 || epoch(1) || issued_at(4, seconds) || odcid_len(1) || odcid || mac(16)
 * mac   = HMAC-SHA256(K_epoch, "jsp1 retry" || version || epoch || issued_at || odcid_len || odcid
 *                              || ip_len(1) || ip || port(2) || scid_len(1) || scid)[0..16]
 * </pre>
 * {@code K_epoch} is 32 random bytes replaced every {@code epochDuration} (default 120 s); tokens of the current and
 * the previous epoch are accepted, older ones are not. A token is valid for {@code validity} (default 10 s). The
 * clock is the caller's monotonic clock, so tokens are only meaningful to the process that minted them. Thread-safe.
 */
public final class RetryTokens {
    private static final byte TOKEN_VERSION = 1;
    private static final byte[] LABEL = "jsp1 retry".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_LENGTH = 16;
    /** Seconds of clock difference tolerated for "issued in the future". */
    private static final int FUTURE_SKEW_SECONDS = 1;

    private final RandomSource random;
    private final long epochNanos;
    private final long validitySeconds;
    private byte[] currentKey;
    private byte[] previousKey;
    private int epoch;
    private long epochStartNanos;

    public RetryTokens(RandomSource random, Duration epochDuration, Duration validity, long nowNanos) {
        if (epochDuration.toSeconds() < 1 || validity.toSeconds() < 1) {
            throw new IllegalArgumentException("epochDuration and validity must be at least one second");
        }
        this.random = random;
        this.epochNanos = epochDuration.toNanos();
        this.validitySeconds = validity.toSeconds();
        this.currentKey = random.nextBytes(32);
        this.epochStartNanos = nowNanos;
    }

    /** Defaults: 120 s epochs, 10 s validity. */
    public static RetryTokens withDefaults(RandomSource random, long nowNanos) {
        return new RetryTokens(random, Duration.ofSeconds(120), Duration.ofSeconds(10), nowNanos);
    }

    private void rotate(long nowNanos) {
        while (nowNanos - epochStartNanos >= epochNanos) {
            Secrets.wipe(previousKey);
            previousKey = currentKey;
            currentKey = random.nextBytes(32);
            epoch = (epoch + 1) & 0xFF;
            epochStartNanos += epochNanos;
            if (nowNanos - epochStartNanos >= 2 * epochNanos) {
                epochStartNanos = nowNanos; // long idle: skip ahead instead of looping
            }
        }
    }

    /** Mints a token for a client at {@code ip}:{@code port} with source id {@code scid}. */
    public synchronized byte[] mint(byte[] ip, int port, ConnectionId scid, ConnectionId odcid, long nowNanos) {
        rotate(nowNanos);
        int issued = (int) Math.floorDiv(nowNanos, 1_000_000_000L);
        byte[] body = body((byte) epoch, issued, odcid);
        byte[] mac = mac(currentKey, body, ip, port, scid);
        byte[] token = Arrays.copyOf(body, body.length + MAC_LENGTH);
        System.arraycopy(mac, 0, token, body.length, MAC_LENGTH);
        return token;
    }

    /** Validates {@code token} for a client at {@code ip}:{@code port} with source id {@code scid}. */
    public synchronized TokenValidation validate(byte[] token, byte[] ip, int port, ConnectionId scid, long nowNanos) {
        rotate(nowNanos);
        if (token.length < 7 + MAC_LENGTH || token[0] != TOKEN_VERSION) {
            return TokenValidation.invalid(TokenValidation.Outcome.MALFORMED);
        }
        int odcidLength = token[6] & 0xFF;
        if (odcidLength > ConnectionId.MAX_LENGTH || token.length != 7 + odcidLength + MAC_LENGTH) {
            return TokenValidation.invalid(TokenValidation.Outcome.MALFORMED);
        }
        int tokenEpoch = token[1] & 0xFF;
        byte[] key;
        if (tokenEpoch == epoch) {
            key = currentKey;
        } else if (previousKey != null && tokenEpoch == ((epoch - 1) & 0xFF)) {
            key = previousKey;
        } else {
            return TokenValidation.invalid(TokenValidation.Outcome.UNKNOWN_EPOCH);
        }
        byte[] body = Arrays.copyOf(token, token.length - MAC_LENGTH);
        byte[] expected = mac(key, body, ip, port, scid);
        if (!ConstantTime.equals(expected, 0, token, body.length, MAC_LENGTH)) {
            return TokenValidation.invalid(TokenValidation.Outcome.BAD_MAC);
        }
        int issued = ((token[2] & 0xFF) << 24) | ((token[3] & 0xFF) << 16) | ((token[4] & 0xFF) << 8) | (token[5] & 0xFF);
        int now = (int) Math.floorDiv(nowNanos, 1_000_000_000L);
        int age = now - issued; // modular: the 32-bit seconds counter may wrap
        if (age < -FUTURE_SKEW_SECONDS) {
            return TokenValidation.invalid(TokenValidation.Outcome.FROM_THE_FUTURE);
        }
        if (age > validitySeconds) {
            return TokenValidation.invalid(TokenValidation.Outcome.EXPIRED);
        }
        byte[] odcid = Arrays.copyOfRange(token, 7, 7 + odcidLength);
        return new TokenValidation(TokenValidation.Outcome.VALID, ConnectionId.of(odcid));
    }

    private static byte[] body(byte epoch, int issued, ConnectionId odcid) {
        byte[] b = new byte[7 + odcid.length()];
        b[0] = TOKEN_VERSION;
        b[1] = epoch;
        b[2] = (byte) (issued >>> 24);
        b[3] = (byte) (issued >>> 16);
        b[4] = (byte) (issued >>> 8);
        b[5] = (byte) issued;
        b[6] = (byte) odcid.length();
        System.arraycopy(odcid.toBytes(), 0, b, 7, odcid.length());
        return b;
    }

    private static byte[] mac(byte[] key, byte[] body, byte[] ip, int port, ConnectionId scid) {
        byte[] tail = new byte[1 + ip.length + 2 + 1 + scid.length()];
        tail[0] = (byte) ip.length;
        System.arraycopy(ip, 0, tail, 1, ip.length);
        tail[1 + ip.length] = (byte) (port >>> 8);
        tail[2 + ip.length] = (byte) port;
        tail[3 + ip.length] = (byte) scid.length();
        System.arraycopy(scid.toBytes(), 0, tail, 4 + ip.length, scid.length());
        return Arrays.copyOf(Hmac.sha256(key, LABEL, body, tail), MAC_LENGTH);
    }

    @Override
    public String toString() {
        return "RetryTokens[epoch=" + epoch + ", keys redacted]";
    }
}
