package io.jetstreamproto.crypto.util;

import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * Where protocol code gets randomness. Production code wraps a {@link SecureRandom} ({@link #of}); tests and
 * test vectors use {@link #deterministicForTesting}, which is reproducible across JVMs and versions. Protocol code
 * never creates its own random source (a build check forbids it), so every random choice is injectable.
 * Implementations used from several threads must be thread-safe; {@code SecureRandom} is.
 */
public interface RandomSource {

    /** Fills {@code out} with random bytes. */
    void nextBytes(byte[] out);

    /** {@code n} fresh random bytes. */
    default byte[] nextBytes(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }

    /** This source as a {@link SecureRandom}, for APIs (such as ML-DSA signing) that insist on one. */
    default SecureRandom asSecureRandom() {
        return new DelegatingSecureRandom(this);
    }

    /** A source backed by {@code random}. */
    static RandomSource of(SecureRandom random) {
        return new RandomSource() {
            @Override
            public void nextBytes(byte[] out) {
                random.nextBytes(out);
            }

            @Override
            public SecureRandom asSecureRandom() {
                return random;
            }

            @Override
            public String toString() {
                return "RandomSource[" + random.getAlgorithm() + "]";
            }
        };
    }

    /**
     * A reproducible stream: SHAKE-128 over the 8-byte big-endian seed, read sequentially. NOT FOR PRODUCTION: anyone
     * who knows the seed knows every key. Thread-safe (synchronized), so deterministic only when used from one thread.
     */
    static RandomSource deterministicForTesting(long seed) {
        SHAKEDigest shake = new SHAKEDigest(128);
        byte[] s = new byte[8];
        for (int i = 0; i < 8; i++) {
            s[i] = (byte) (seed >>> (56 - 8 * i));
        }
        shake.update(s, 0, 8);
        return new RandomSource() {
            @Override
            public synchronized void nextBytes(byte[] out) {
                if (out.length > 0) {
                    shake.doOutput(out, 0, out.length);
                }
            }

            @Override
            public String toString() {
                return "RandomSource[deterministic, testing only]";
            }
        };
    }
}
