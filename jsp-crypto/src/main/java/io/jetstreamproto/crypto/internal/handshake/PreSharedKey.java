package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.util.SecretBytes;
import java.util.HexFormat;

/**
 * An external pre-shared key mixed into the early secret (docs/PROTOCOL.md §4). The id travels in clear in
 * ClientHello (and so is in the transcript); the key never leaves the process.
 *
 * @param id  1..64 bytes naming the key
 * @param key at least 32 bytes of secret
 */
public record PreSharedKey(byte[] id, SecretBytes key) {
    public PreSharedKey {
        if (id.length == 0 || id.length > ClientHello.MAX_PSK_ID_LENGTH) {
            throw new IllegalArgumentException("psk id must be 1.." + ClientHello.MAX_PSK_ID_LENGTH + " bytes");
        }
        if (key.length() < 32) {
            throw new IllegalArgumentException("psk must be at least 32 bytes");
        }
        id = id.clone();
    }

    @Override
    public String toString() {
        return "PreSharedKey[id=" + HexFormat.of().formatHex(id) + ", key=redacted]";
    }
}
