package io.jetstreamproto.crypto.internal.util;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * Where protocol code gets its randomness. Protocol code never creates a random generator itself (the build's
 * forbidden-APIs check rejects {@code new SecureRandom()}), so every random choice is injected: production code wraps
 * a {@link SecureRandom} with {@link #of}, tests and test vectors use {@link #deterministicForTesting}.
 *
 * <p>Implementations shared between threads must be thread-safe ({@code SecureRandom} is).
 */
public interface RandomSource {

    /**
     * Fills {@code out} with random bytes.
     *
     * @param out the array to fill completely
     */
    void nextBytes(byte[] out);

    /**
     * Returns {@code n} fresh random bytes.
     *
     * @param n how many bytes, at least zero
     * @return a new array of {@code n} random bytes
     */
    default byte[] nextBytes(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }

    /**
     * This source as a {@link SecureRandom}, for library APIs that insist on one (Bouncy Castle's ML-DSA signer).
     * The default adapter draws every byte from {@link #nextBytes(byte[])} and ignores {@code setSeed}, so a
     * deterministic source stays deterministic through it; it never seeds itself from the system.
     *
     * @return a {@code SecureRandom} backed by this source
     */
    default SecureRandom asSecureRandom() {
        return new DelegatingSecureRandom(this);
    }

    /**
     * The production source: every byte comes from {@code random}.
     *
     * @param random a properly seeded generator, typically {@code new SecureRandom()} created by the application
     * @return a source backed by {@code random}; its {@link #asSecureRandom()} returns {@code random} itself
     */
    static RandomSource of(SecureRandom random) {
        Objects.requireNonNull(random, "random");
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
     * A reproducible byte stream for tests and published test vectors. <b>NOT FOR PRODUCTION</b>: anyone who knows
     * (or guesses) the 64-bit seed knows every key drawn from it.
     *
     * <p>Definition, stable across JVMs and library versions: SHAKE-128 (FIPS 202) absorbing the seed as 8 bytes
     * big-endian, then squeezed as one continuous stream; each call returns the next bytes of that stream, so the
     * output depends only on the seed and the total number of bytes drawn before, not on how they were split into
     * calls. Synchronized, but deterministic only when the order of calls is.
     *
     * @param seed the seed
     * @return a deterministic source
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
                    // doOutput keeps squeezing where the previous call stopped (doFinal would reset the digest)
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
