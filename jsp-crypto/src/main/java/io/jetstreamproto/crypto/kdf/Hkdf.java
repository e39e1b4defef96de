package io.jetstreamproto.crypto.kdf;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) and TLS 1.3's HKDF-Expand-Label with a configurable prefix (SR-10). */
public final class Hkdf {
    /** The label prefix of JetStreamProto v1. */
    public static final String JSP_LABEL_PREFIX = "jsp1 ";

    private Hkdf() {}

    /** HKDF-Extract(salt, ikm); an empty salt means 32 zero bytes, as RFC 5869 says. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        HKDFBytesGenerator h = new HKDFBytesGenerator(new SHA256Digest());
        return h.extractPRK(salt == null || salt.length == 0 ? new byte[32] : salt, ikm);
    }

    /** HKDF-Expand(prk, info, length), length ≤ 255 * 32. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
        }
        HKDFBytesGenerator h = new HKDFBytesGenerator(new SHA256Digest());
        h.init(HKDFParameters.skipExtractParameters(prk, info));
        byte[] out = new byte[length];
        h.generateBytes(out, 0, length);
        return out;
    }

    /**
     * HKDF-Expand-Label (RFC 8446 §7.1): {@code info = u16(length) || u8(len) || prefix + label || u8(len(context)) ||
     * context}.
     */
    public static byte[] expandLabel(String prefix, byte[] secret, String label, byte[] context, int length) {
        byte[] full = (prefix + label).getBytes(StandardCharsets.US_ASCII);
        if (full.length > 255 || context.length > 255 || length > 0xFFFF) {
            throw new IllegalArgumentException("label, context or length too long");
        }
        byte[] info = new byte[2 + 1 + full.length + 1 + context.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) full.length;
        System.arraycopy(full, 0, info, 3, full.length);
        info[3 + full.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + full.length, context.length);
        return expand(secret, info, length);
    }

    /** Expand-Label with the JSP prefix {@value #JSP_LABEL_PREFIX}. */
    public static byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        return expandLabel(JSP_LABEL_PREFIX, secret, label, context, length);
    }
}
