package io.jetstreamproto.crypto.internal.protection;

import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import java.time.Duration;

/**
 * Record-layer settings (docs/PROTOCOL.md §7, docs/SECURITY.md).
 *
 * @param aead                  AEAD implementation (JDK by default; Bouncy Castle as the alternative)
 * @param replayWindow          replay window in packets (default 8128, at least 1024)
 * @param keyUpdatePackets      packets sent under one key before a symmetric key update (default 2^24; AES-GCM is
 *                              additionally capped at 2^23 by its confidentiality limit)
 * @param keyUpdateInterval     time under one key before a key update (default 2 minutes)
 * @param oldKeyGrace           how long the previous receive key is kept for reordered packets (default 3 s)
 * @param integrityLimit        failed decryptions per receive key before the key is retired (default 2^36)
 */
public record ProtectionConfig(AeadImplementation aead, int replayWindow, long keyUpdatePackets,
        Duration keyUpdateInterval, Duration oldKeyGrace, long integrityLimit) {
    /** Largest packet number ever sent: the hard stop before 2^62. */
    public static final long MAX_PACKET_NUMBER = (1L << 62) - 1;
    /** AES-GCM confidentiality limit per key (RFC 9001 §6.6). */
    public static final long AES_GCM_CONFIDENTIALITY_LIMIT = 1L << 23;

    public ProtectionConfig {
        if (aead == null) {
            throw new IllegalArgumentException("aead must not be null");
        }
        if (replayWindow < ReplayWindow.MIN_SIZE) {
            throw new IllegalArgumentException("replayWindow must be at least " + ReplayWindow.MIN_SIZE);
        }
        if (keyUpdatePackets < 1 || integrityLimit < 1) {
            throw new IllegalArgumentException("keyUpdatePackets and integrityLimit must be positive");
        }
        if (keyUpdateInterval.isNegative() || keyUpdateInterval.isZero() || oldKeyGrace.isNegative()) {
            throw new IllegalArgumentException("keyUpdateInterval must be positive and oldKeyGrace not negative");
        }
    }

    /** The defaults listed above. */
    public static ProtectionConfig defaults() {
        return new ProtectionConfig(AeadImplementation.JDK, ReplayWindow.DEFAULT_SIZE, 1L << 24,
                Duration.ofMinutes(2), Duration.ofSeconds(3), 1L << 36);
    }

    public ProtectionConfig withAead(AeadImplementation a) {
        return new ProtectionConfig(a, replayWindow, keyUpdatePackets, keyUpdateInterval, oldKeyGrace, integrityLimit);
    }

    public ProtectionConfig withReplayWindow(int w) {
        return new ProtectionConfig(aead, w, keyUpdatePackets, keyUpdateInterval, oldKeyGrace, integrityLimit);
    }

    public ProtectionConfig withKeyUpdate(long packets, Duration interval) {
        return new ProtectionConfig(aead, replayWindow, packets, interval, oldKeyGrace, integrityLimit);
    }

    public ProtectionConfig withOldKeyGrace(Duration grace) {
        return new ProtectionConfig(aead, replayWindow, keyUpdatePackets, keyUpdateInterval, grace, integrityLimit);
    }

    public ProtectionConfig withIntegrityLimit(long limit) {
        return new ProtectionConfig(aead, replayWindow, keyUpdatePackets, keyUpdateInterval, oldKeyGrace, limit);
    }
}
