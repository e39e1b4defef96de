package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.kem.HybridKeyShare;
import java.util.ArrayList;
import java.util.List;

/**
 * ClientHello (docs/PROTOCOL.md §5.2).
 *
 * <pre>
 * random(32) | versions: count(1) u32* | cipher_suites: count(1) u16* | key_share: length(2) (ek(1184) || x25519(32))
 * | server_key_id: length(1) (0 or 8) | psk_id: length(1) (0..64) | extensions
 * </pre>
 */
public record ClientHello(byte[] random, List<Integer> versions, List<Integer> cipherSuites, byte[] keyShare,
        byte[] serverKeyId, byte[] pskId, Extensions extensions) {
    public static final int RANDOM_LENGTH = 32;
    public static final int MAX_LIST = 16;
    public static final int MAX_PSK_ID_LENGTH = 64;
    public static final int SERVER_KEY_ID_LENGTH = 8;

    public ClientHello {
        versions = List.copyOf(versions);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /** The complete encoded message including its 4-byte header. */
    public byte[] encode() {
        MessageWriter w = new MessageWriter();
        w.bytes(random);
        w.u8(versions.size());
        versions.forEach(w::u32);
        w.u8(cipherSuites.size());
        cipherSuites.forEach(w::u16);
        w.u16(keyShare.length).bytes(keyShare);
        w.u8(serverKeyId.length).bytes(serverKeyId);
        w.u8(pskId.length).bytes(pskId);
        extensions.encode(w);
        return HandshakeMessages.wrap(HandshakeMessageType.CLIENT_HELLO, w);
    }

    /**
     * Strictly decodes a complete ClientHello. The key share length is checked here (SR-34: no hello without
     * the full hybrid share gets any further); its contents are checked by the key exchange.
     */
    public static ClientHello decode(byte[] message) throws HandshakeException {
        MessageReader r = HandshakeMessages.body(message, HandshakeMessageType.CLIENT_HELLO);
        byte[] random = r.bytes(RANDOM_LENGTH, "random");
        int nv = r.u8("version count");
        if (nv == 0 || nv > MAX_LIST) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad version count " + nv);
        }
        List<Integer> versions = new ArrayList<>(nv);
        for (int i = 0; i < nv; i++) {
            versions.add(r.u32("version"));
        }
        int ns = r.u8("cipher suite count");
        if (ns == 0 || ns > MAX_LIST) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad cipher suite count " + ns);
        }
        List<Integer> suites = new ArrayList<>(ns);
        for (int i = 0; i < ns; i++) {
            suites.add(r.u16("cipher suite"));
        }
        int shareLength = r.u16("key share length");
        if (shareLength != HybridKeyShare.CLIENT_SHARE_LENGTH) {
            throw new HandshakeException(HandshakeError.INVALID_KEY_SHARE,
                    "client key share must be X25519MLKEM768 (" + HybridKeyShare.CLIENT_SHARE_LENGTH + " bytes), got "
                            + shareLength);
        }
        byte[] keyShare = r.bytes(shareLength, "key share");
        int idLength = r.u8("server key id length");
        if (idLength != 0 && idLength != SERVER_KEY_ID_LENGTH) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad server key id length");
        }
        byte[] keyId = r.bytes(idLength, "server key id");
        int pskLength = r.u8("psk id length");
        if (pskLength > MAX_PSK_ID_LENGTH) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "psk id too long");
        }
        byte[] pskId = r.bytes(pskLength, "psk id");
        Extensions ext = Extensions.decode(r);
        r.expectEnd("ClientHello");
        return new ClientHello(random, versions, suites, keyShare, keyId, pskId, ext);
    }

    @Override
    public String toString() {
        return "ClientHello[versions=" + versions + ", suites=" + cipherSuites + ", keyShare=" + keyShare.length
                + " bytes, serverKeyId=" + serverKeyId.length + " bytes, pskId=" + pskId.length + " bytes, "
                + extensions + "]";
    }
}
