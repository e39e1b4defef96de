package io.jetstreamproto.crypto.internal.identity;

import io.jetstreamproto.crypto.internal.kdf.Sha256;
import io.jetstreamproto.crypto.internal.sign.MlDsa65;
import io.jetstreamproto.crypto.internal.util.ConstantTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A server's public identity: an Ed25519 key and, in hybrid mode, an ML-DSA-65 key. Public data: safe to log.
 * The key id is the first 8 bytes of SHA-256 over the key(s); the fingerprint, shown to users, is
 * {@code SHA256:} followed by the unpadded base64 of the full hash (the form SSH uses).
 */
public final class ServerPublicKeys {
    private final byte[] ed25519;
    private final byte[] mlDsa65;
    private final byte[] digest;

    private ServerPublicKeys(byte[] ed25519, byte[] mlDsa65) {
        if (ed25519.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes");
        }
        if (mlDsa65 != null && mlDsa65.length != MlDsa65.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("ML-DSA-65 public key must be " + MlDsa65.PUBLIC_KEY_LENGTH + " bytes");
        }
        this.ed25519 = ed25519.clone();
        this.mlDsa65 = mlDsa65 == null ? null : mlDsa65.clone();
        this.digest = this.mlDsa65 == null ? Sha256.hash(this.ed25519) : Sha256.hash(this.ed25519, this.mlDsa65);
    }

    /** Classical identity. */
    public static ServerPublicKeys ed25519(byte[] ed25519) {
        return new ServerPublicKeys(ed25519, null);
    }

    /** Hybrid identity. */
    public static ServerPublicKeys hybrid(byte[] ed25519, byte[] mlDsa65) {
        return new ServerPublicKeys(ed25519, mlDsa65);
    }

    public byte[] ed25519() {
        return ed25519.clone();
    }

    public Optional<byte[]> mlDsa65() {
        return mlDsa65 == null ? Optional.empty() : Optional.of(mlDsa65.clone());
    }

    public AuthenticationMode mode() {
        return mlDsa65 == null ? AuthenticationMode.ED25519 : AuthenticationMode.ED25519_MLDSA65;
    }

    /** First 8 bytes of the SHA-256 over the key(s); sent in ClientHello to select among server keys. */
    public byte[] keyId() {
        return Arrays.copyOf(digest, 8);
    }

    /** {@code SHA256:<base64>} of the key(s). */
    public String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    /** A single-line text form: {@code ed25519:<hex>[ mldsa65:<hex>]}, parsed by {@link #parse}. */
    public String encode() {
        HexFormat hex = HexFormat.of();
        String s = "ed25519:" + hex.formatHex(ed25519);
        return mlDsa65 == null ? s : s + " mldsa65:" + hex.formatHex(mlDsa65);
    }

    /** Parses {@link #encode()}'s form. */
    public static ServerPublicKeys parse(String text) {
        String[] parts = text.trim().split("\\s+");
        byte[] ed = null;
        byte[] ml = null;
        HexFormat hex = HexFormat.of();
        for (String p : parts) {
            if (p.startsWith("ed25519:")) {
                ed = hex.parseHex(p.substring(8));
            } else if (p.startsWith("mldsa65:")) {
                ml = hex.parseHex(p.substring(8));
            } else {
                throw new IllegalArgumentException("unrecognised public key field: " + p);
            }
        }
        if (ed == null) {
            throw new IllegalArgumentException("missing ed25519 key");
        }
        return new ServerPublicKeys(ed, ml);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerPublicKeys other && ConstantTime.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(Arrays.copyOf(digest, 8));
    }

    @Override
    public String toString() {
        return "ServerPublicKeys[" + mode() + ", " + fingerprint() + "]";
    }
}
