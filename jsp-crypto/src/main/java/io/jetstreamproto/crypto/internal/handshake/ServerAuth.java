package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.identity.AuthenticationMode;
import io.jetstreamproto.crypto.internal.sign.MlDsa65;

/**
 * ServerAuth (docs/PROTOCOL.md §5.4), sent only under handshake keys (SR-35).
 *
 * <pre>
 * mode(1) | ed25519_public_key(32) | [mode 2: mldsa_public_key: length(2) (1952)]
 *         | ed25519_signature(64)   | [mode 2: mldsa_signature: length(2) (3309)]
 * </pre>
 * The bytes up to the Ed25519 signature are the "auth parameters" that both signatures cover.
 */
public record ServerAuth(AuthenticationMode mode, byte[] ed25519PublicKey, byte[] mlDsaPublicKey,
        byte[] ed25519Signature, byte[] mlDsaSignature) {
    public static final int ED25519_KEY_LENGTH = 32;
    public static final int ED25519_SIGNATURE_LENGTH = 64;

    /** Encodes mode and public keys: the part of the body that the signatures cover. */
    public static byte[] authParameters(AuthenticationMode mode, byte[] ed25519PublicKey, byte[] mlDsaPublicKey) {
        MessageWriter w = new MessageWriter();
        w.u8(mode.code()).bytes(ed25519PublicKey);
        if (mode == AuthenticationMode.ED25519_MLDSA65) {
            w.u16(mlDsaPublicKey.length).bytes(mlDsaPublicKey);
        }
        return w.toByteArray();
    }

    public byte[] authParameters() {
        return authParameters(mode, ed25519PublicKey, mlDsaPublicKey);
    }

    public byte[] encode() {
        MessageWriter w = new MessageWriter();
        w.bytes(authParameters());
        w.bytes(ed25519Signature);
        if (mode == AuthenticationMode.ED25519_MLDSA65) {
            w.u16(mlDsaSignature.length).bytes(mlDsaSignature);
        }
        return HandshakeMessages.wrap(HandshakeMessageType.SERVER_AUTH, w);
    }

    /** Strict decoding: exact key and signature lengths (SR-06), nothing trailing. */
    public static ServerAuth decode(byte[] message) throws HandshakeException {
        MessageReader r = HandshakeMessages.body(message, HandshakeMessageType.SERVER_AUTH);
        AuthenticationMode mode = AuthenticationMode.fromCode(r.u8("auth mode"));
        if (mode == null) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "unknown authentication mode");
        }
        byte[] edKey = r.bytes(ED25519_KEY_LENGTH, "ed25519 key");
        byte[] mlKey = null;
        if (mode == AuthenticationMode.ED25519_MLDSA65) {
            int len = r.u16("ml-dsa key length");
            if (len != MlDsa65.PUBLIC_KEY_LENGTH) {
                throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad ML-DSA-65 public key length");
            }
            mlKey = r.bytes(len, "ml-dsa key");
        }
        byte[] edSig = r.bytes(ED25519_SIGNATURE_LENGTH, "ed25519 signature");
        byte[] mlSig = null;
        if (mode == AuthenticationMode.ED25519_MLDSA65) {
            int len = r.u16("ml-dsa signature length");
            if (len != MlDsa65.SIGNATURE_LENGTH) {
                throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad ML-DSA-65 signature length");
            }
            mlSig = r.bytes(len, "ml-dsa signature");
        }
        r.expectEnd("ServerAuth");
        return new ServerAuth(mode, edKey, mlKey, edSig, mlSig);
    }

    @Override
    public String toString() {
        return "ServerAuth[" + mode + "]";
    }
}
