package io.jetstreamproto.crypto.internal.util;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} whose bytes all come from a {@link RandomSource}. Built on its own SPI through the protected
 * {@code SecureRandom(SecureRandomSpi, Provider)} constructor, so nothing is looked up in the JCA and nothing is seeded
 * from the system: a deterministic source stays deterministic.
 */
final class DelegatingSecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    DelegatingSecureRandom(RandomSource source) {
        super(new Spi(source), null);
    }

    @Override
    public String getAlgorithm() {
        return "JSP-RandomSource";
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient RandomSource source;

        Spi(RandomSource source) {
            this.source = source;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // The source was seeded by its creator. Mixing in caller-supplied seed material would make a
            // deterministic test source depend on what a library decides to pass here.
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
