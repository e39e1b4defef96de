package io.jetstreamproto.crypto.internal.kdf;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF-SHA256 (RFC 5869, Bouncy Castle's {@code HKDFBytesGenerator}: the JDK has no HKDF before Java 25) and
 * TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1) with the label prefix as a parameter, so that the same code is tested
 * against RFC 8448 and RFC 9001 with {@code "tls13 "} and used by JetStreamProto with {@value #JSP_LABEL_PREFIX}
 * (SR-10).
 */
public final class Hkdf {
    /** The label prefix of JetStreamProto v1 ({@code "jsp1 "}, where TLS 1.3 has {@code "tls13 "}). */
    public static final String JSP_LABEL_PREFIX = "jsp1 ";

    /** SHA-256 output length, and the maximum Expand output is 255 times this. */
    private static final int HASH_LENGTH = 32;

    private Hkdf() {}

    /**
     * HKDF-Extract(salt, IKM).
     *
     * @param salt the salt; null or empty means HashLen zero bytes, as RFC 5869 §2.2 says
     * @param ikm the input keying material
     * @return the 32-byte pseudorandom key (the caller owns and wipes it)
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        HKDFBytesGenerator h = new HKDFBytesGenerator(new SHA256Digest());
        return h.extractPRK(salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt, ikm);
    }

    /**
     * HKDF-Expand(PRK, info, L).
     *
     * @param prk the pseudorandom key (normally 32 bytes from {@link #extract})
     * @param info context information; null means empty
     * @param length output length, 0 to 255 * 32 = 8160
     * @return {@code length} bytes of output keying material
     * @throws IllegalArgumentException if {@code length} is out of range
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-Expand length must be 0.." + 255 * HASH_LENGTH + ", got " + length);
        }
        HKDFBytesGenerator h = new HKDFBytesGenerator(new SHA256Digest());
        h.init(HKDFParameters.skipExtractParameters(prk, info));
        byte[] out = new byte[length];
        h.generateBytes(out, 0, length);
        return out;
    }

    /**
     * HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length) with
     * {@code HkdfLabel = uint16 length || uint8 len(prefix + label) || prefix + label || uint8 len(context) || context}
     * (RFC 8446 §7.1).
     *
     * @param prefix the protocol's label prefix: {@value #JSP_LABEL_PREFIX} for JSP, {@code "tls13 "} for TLS/QUIC
     * @param secret the secret to expand
     * @param label the label, US-ASCII
     * @param context the context (usually a transcript hash); null means empty
     * @param length output length, 0 to 8160
     * @return {@code length} derived bytes
     * @throws IllegalArgumentException if prefix + label or the context exceed 255 bytes or the length is out of range
     */
    public static byte[] expandLabel(String prefix, byte[] secret, String label, byte[] context, int length) {
        byte[] fullLabel = (prefix + label).getBytes(StandardCharsets.US_ASCII);
        byte[] ctx = context == null ? new byte[0] : context;
        if (fullLabel.length > 255 || ctx.length > 255 || length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("Expand-Label: label, context or length out of range");
        }
        byte[] info = new byte[2 + 1 + fullLabel.length + 1 + ctx.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabel.length;
        System.arraycopy(fullLabel, 0, info, 3, fullLabel.length);
        info[3 + fullLabel.length] = (byte) ctx.length;
        System.arraycopy(ctx, 0, info, 4 + fullLabel.length, ctx.length);
        return expand(secret, info, length);
    }

    /**
     * Expand-Label with the JSP prefix {@value #JSP_LABEL_PREFIX}.
     *
     * @param secret the secret to expand
     * @param label the label, without prefix
     * @param context the context; null means empty
     * @param length output length
     * @return {@code length} derived bytes
     */
    public static byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        return expandLabel(JSP_LABEL_PREFIX, secret, label, context, length);
    }
}
