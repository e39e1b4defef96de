package io.jetstreamproto.crypto.util;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/** A {@link SecureRandom} whose bytes come from a {@link RandomSource} (built on an SPI, so nothing is self-seeded). */
final class DelegatingSecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    DelegatingSecureRandom(RandomSource source) {
        super(new Spi(source), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient RandomSource source;

        Spi(RandomSource source) {
            this.source = source;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the source is seeded by its creator; extra seed material is not mixed in
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return source.nextBytes(numBytes);
        }
    }
}
