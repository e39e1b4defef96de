package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.kdf.Hkdf;
import io.jetstreamproto.crypto.internal.kdf.Hmac;
import io.jetstreamproto.crypto.internal.kdf.Sha256;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.nio.charset.StandardCharsets;

/**
 * The key schedule (docs/PROTOCOL.md §4): TLS 1.3's shape with the label prefix {@code "jsp1 "} and a protocol
 * id mixed into every transcript hash.
 *
 * <pre>
 * TH(M)              = SHA-256("JetStreamProto/1" || M)
 * Derive-Secret(S,L,M) = Expand-Label(S, L, TH(M), 32)
 * early   = Extract(0^32, PSK or 0^32)
 * hs      = Extract(Derive-Secret(early, "derived", ""), ss_mlkem || ss_x25519)
 * c_hs    = Derive-Secret(hs, "c hs traffic", CH..SH)        s_hs = Derive-Secret(hs, "s hs traffic", CH..SH)
 * master  = Extract(Derive-Secret(hs, "derived", ""), 0^32)
 * c_ap    = Derive-Secret(master, "c ap traffic", CH..ServerFinished)   s_ap likewise with "s ap traffic"
 * exp     = Derive-Secret(master, "exp master", CH..ServerFinished)
 * finished_key = Expand-Label(X_hs, "finished", "", 32); Finished = HMAC(finished_key, TH(...))
 * </pre>
 */
public final class KeySchedule {
    /** Mixed into every transcript hash before the messages. */
    public static final String PROTOCOL_ID = "JetStreamProto/1";
    /** Context string of the server's signature input. */
    public static final String SERVER_SIGNATURE_CONTEXT = "JSP/1 server auth";

    private static final byte[] PROTOCOL_ID_BYTES = PROTOCOL_ID.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZEROS = new byte[32];
    static final int SECRET_LENGTH = 32;

    private KeySchedule() {}

    /** TH(M) over the concatenation of complete handshake messages. */
    public static byte[] transcriptHash(byte[]... messages) {
        byte[][] parts = new byte[messages.length + 1][];
        parts[0] = PROTOCOL_ID_BYTES;
        System.arraycopy(messages, 0, parts, 1, messages.length);
        return Sha256.hash(parts);
    }

    static byte[] deriveSecret(byte[] secret, String label, byte[] transcriptHash) {
        return Hkdf.expandLabel(secret, label, transcriptHash, SECRET_LENGTH);
    }

    static byte[] earlySecret(byte[] pskOrNull) {
        return Hkdf.extract(ZEROS.clone(), pskOrNull == null ? ZEROS.clone() : pskOrNull);
    }

    /** hs = Extract(Derive-Secret(early, "derived", ""), sharedSecret); wipes nothing it does not own. */
    static byte[] handshakeSecret(byte[] early, byte[] sharedSecret) {
        byte[] salt = deriveSecret(early, "derived", transcriptHash());
        try {
            return Hkdf.extract(salt, sharedSecret);
        } finally {
            Secrets.wipe(salt);
        }
    }

    static byte[] masterSecret(byte[] handshakeSecret) {
        byte[] salt = deriveSecret(handshakeSecret, "derived", transcriptHash());
        try {
            return Hkdf.extract(salt, ZEROS.clone());
        } finally {
            Secrets.wipe(salt);
        }
    }

    static byte[] finishedMac(byte[] handshakeTrafficSecret, byte[] transcriptHash) {
        byte[] key = Hkdf.expandLabel(handshakeTrafficSecret, "finished", new byte[0], SECRET_LENGTH);
        try {
            return Hmac.sha256(key, transcriptHash);
        } finally {
            Secrets.wipe(key);
        }
    }

    /** 64 x 0x20 || "JSP/1 server auth" || 0x00 || TH(CH || SH || auth parameters). */
    static byte[] serverSignatureInput(byte[] transcriptHash) {
        byte[] ctx = SERVER_SIGNATURE_CONTEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[64 + ctx.length + 1 + transcriptHash.length];
        java.util.Arrays.fill(out, 0, 64, (byte) 0x20);
        System.arraycopy(ctx, 0, out, 64, ctx.length);
        out[64 + ctx.length] = 0;
        System.arraycopy(transcriptHash, 0, out, 65 + ctx.length, transcriptHash.length);
        return out;
    }

    /** The PSK of an in-band re-handshake: Expand-Label(exporter, "rehandshake", generation(4), 32). */
    static byte[] rehandshakePsk(byte[] exporterSecret, int generation) {
        byte[] ctx = {(byte) (generation >>> 24), (byte) (generation >>> 16), (byte) (generation >>> 8),
            (byte) generation};
        return Hkdf.expandLabel(exporterSecret, "rehandshake", ctx, SECRET_LENGTH);
    }
}
