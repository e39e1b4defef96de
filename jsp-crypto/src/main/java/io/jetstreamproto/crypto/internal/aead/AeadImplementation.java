package io.jetstreamproto.crypto.internal.aead;

/**
 * The single switch between AEAD implementations (SR-44). Both produce byte-identical output (a differential test
 * checks it), so the choice only affects speed and which code is trusted.
 *
 * <ul>
 *   <li>{@link #JDK}, the <b>default</b>: the JDK's {@code Cipher}. Its AES-GCM uses AES-NI/CLMUL intrinsics (about
 *       0.6 µs per 1200-byte seal here on Java 17) and its ChaCha20-Poly1305 gained vector intrinsics in Java 20
 *       (3.5-10x faster than Bouncy Castle on Java 25).</li>
 *   <li>{@link #BOUNCY_CASTLE}: Bouncy Castle's lightweight classes; the test oracle, and a fallback for a JVM whose
 *       JCA lacks a suite.</li>
 * </ul>
 */
public enum AeadImplementation {
    /** The JDK's {@code javax.crypto.Cipher} (SunJCE). The default. */
    JDK,
    /** Bouncy Castle's lightweight {@code ChaCha20Poly1305} and {@code GCMModeCipher}. */
    BOUNCY_CASTLE;

    /**
     * The implementation to use unless configured otherwise.
     *
     * @return {@link #JDK}
     */
    public static AeadImplementation defaultImplementation() {
        return JDK;
    }

    /**
     * A new cipher for {@code suite} holding its own copy of {@code key} (the caller may, and should, wipe its array).
     *
     * @param suite the cipher suite
     * @param key the 32-byte key
     * @return a new, not thread-safe cipher
     * @throws IllegalArgumentException if the key length is wrong
     */
    public PacketCipher newCipher(CipherSuite suite, byte[] key) {
        if (key == null || key.length != suite.keyLength()) {
            throw new IllegalArgumentException(suite.displayName() + " key must be " + suite.keyLength() + " bytes");
        }
        return this == JDK ? new JdkPacketCipher(suite, key) : new BcPacketCipher(suite, key);
    }
}
