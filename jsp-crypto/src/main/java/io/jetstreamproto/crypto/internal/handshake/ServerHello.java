package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.kem.HybridKeyShare;

/**
 * ServerHello (docs/PROTOCOL.md §5.3).
 *
 * <pre>
 * random(32) | version(4) | cipher_suite(2) | key_share: length(2) (ct(1088) || x25519(32)) | extensions
 * </pre>
 */
public record ServerHello(byte[] random, int version, int cipherSuite, byte[] keyShare, Extensions extensions) {

    public byte[] encode() {
        MessageWriter w = new MessageWriter();
        w.bytes(random).u32(version).u16(cipherSuite);
        w.u16(keyShare.length).bytes(keyShare);
        extensions.encode(w);
        return HandshakeMessages.wrap(HandshakeMessageType.SERVER_HELLO, w);
    }

    public static ServerHello decode(byte[] message) throws HandshakeException {
        MessageReader r = HandshakeMessages.body(message, HandshakeMessageType.SERVER_HELLO);
        byte[] random = r.bytes(ClientHello.RANDOM_LENGTH, "random");
        int version = r.u32("version");
        int suite = r.u16("cipher suite");
        int shareLength = r.u16("key share length");
        if (shareLength != HybridKeyShare.SERVER_SHARE_LENGTH) {
            throw new HandshakeException(HandshakeError.INVALID_KEY_SHARE,
                    "server key share must be " + HybridKeyShare.SERVER_SHARE_LENGTH + " bytes, got " + shareLength);
        }
        byte[] share = r.bytes(shareLength, "key share");
        Extensions ext = Extensions.decode(r);
        r.expectEnd("ServerHello");
        return new ServerHello(random, version, suite, share, ext);
    }

    @Override
    public String toString() {
        return "ServerHello[version=" + Integer.toHexString(version) + ", suite=" + Integer.toHexString(cipherSuite)
                + ", " + extensions + "]";
    }
}
