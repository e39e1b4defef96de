package io.jetstreamproto.core.internal.engine;

/**
 * The send-side rate limits of {@code ConnectionConfig} (messages per second and bytes per second) as two token
 * buckets with a one-second burst. A limit of 0 means unlimited. Sends the buckets cannot cover wait: they are
 * backpressure, never errors.
 */
final class RateLimiter {
    private static final long SECOND = 1_000_000_000L;
    private final long messagesPerSecond;
    private final long bytesPerSecond;
    private double messageTokens;
    private double byteTokens;
    private long lastRefill;

    RateLimiter(long messagesPerSecond, long bytesPerSecond, long nowNanos) {
        this.messagesPerSecond = messagesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.messageTokens = messagesPerSecond;
        this.byteTokens = bytesPerSecond;
        this.lastRefill = nowNanos;
    }

    boolean unlimited() {
        return messagesPerSecond == 0 && bytesPerSecond == 0;
    }

    private void refill(long now) {
        long elapsed = now - lastRefill;
        if (elapsed <= 0) {
            return;
        }
        lastRefill = now;
        double seconds = elapsed / (double) SECOND;
        messageTokens = Math.min(messagesPerSecond, messageTokens + seconds * messagesPerSecond);
        byteTokens = Math.min(bytesPerSecond, byteTokens + seconds * bytesPerSecond);
    }

    /** Takes tokens for one message of {@code bytes} if both buckets allow it now. */
    boolean tryAcquire(long bytes, long now) {
        if (unlimited()) {
            return true;
        }
        refill(now);
        // A message larger than the byte bucket's capacity may go once the bucket is full (it then goes negative),
        // so that the limit slows it down instead of blocking it forever.
        boolean bytesOk = bytesPerSecond == 0 || byteTokens >= Math.min(bytes, bytesPerSecond);
        boolean messagesOk = messagesPerSecond == 0 || messageTokens >= 1;
        if (!bytesOk || !messagesOk) {
            return false;
        }
        if (messagesPerSecond > 0) {
            messageTokens -= 1;
        }
        if (bytesPerSecond > 0) {
            byteTokens -= bytes;
        }
        return true;
    }

    /** When a message of {@code bytes} could next be accepted (now if already possible). */
    long nextAvailableNanos(long bytes, long now) {
        if (unlimited()) {
            return now;
        }
        refill(now);
        long wait = 0;
        if (messagesPerSecond > 0 && messageTokens < 1) {
            wait = Math.max(wait, (long) Math.ceil((1 - messageTokens) * SECOND / messagesPerSecond));
        }
        double needBytes = Math.min(bytes, bytesPerSecond);
        if (bytesPerSecond > 0 && byteTokens < needBytes) {
            wait = Math.max(wait, (long) Math.ceil((needBytes - byteTokens) * SECOND / bytesPerSecond));
        }
        return now + wait;
    }
}
