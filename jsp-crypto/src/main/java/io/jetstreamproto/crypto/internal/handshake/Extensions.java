package io.jetstreamproto.crypto.internal.handshake;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The extension block of ClientHello and ServerHello: {@code total_length(2) || (type(2) length(2) data)*} with
 * strictly increasing types. Unknown types are carried (and therefore authenticated by the transcript) but
 * ignored, so later versions can add extensions.
 */
public final class Extensions {
    /** CH: the version the client tried before a Version Negotiation packet made it retry (4 bytes). */
    public static final int ATTEMPTED_VERSION = 0x0001;
    /** CH and SH: the sender's transport parameters, opaque to the handshake (at most 1024 bytes). */
    public static final int TRANSPORT_PARAMETERS = 0x0002;
    /** SH: the destination connection id of the client's first Initial packet. */
    public static final int ORIGINAL_DESTINATION_CID = 0x0003;
    /** SH: the source connection id of the Retry the server sent, when it sent one. */
    public static final int RETRY_SOURCE_CID = 0x0004;
    /** CH and SH of an in-band re-handshake: the 4-byte generation number of the new keys. */
    public static final int REHANDSHAKE = 0x0005;

    /** Largest encoded extension block accepted. */
    public static final int MAX_TOTAL_LENGTH = 2048;

    private final TreeMap<Integer, byte[]> entries;

    private Extensions(TreeMap<Integer, byte[]> entries) {
        this.entries = entries;
    }

    /** No extensions. */
    public static Extensions empty() {
        return new Extensions(new TreeMap<>());
    }

    /** A copy with {@code type} set to a copy of {@code data}. */
    public Extensions with(int type, byte[] data) {
        if (type < 0 || type > 0xFFFF || data.length > MAX_TOTAL_LENGTH) {
            throw new IllegalArgumentException("bad extension " + type);
        }
        TreeMap<Integer, byte[]> copy = new TreeMap<>(entries);
        copy.put(type, data.clone());
        return new Extensions(copy);
    }

    /** The data of {@code type}, if present (a copy). */
    public Optional<byte[]> get(int type) {
        byte[] v = entries.get(type);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    public boolean contains(int type) {
        return entries.containsKey(type);
    }

    /** Types present, in order. */
    public Map<Integer, Integer> lengths() {
        TreeMap<Integer, Integer> m = new TreeMap<>();
        entries.forEach((k, v) -> m.put(k, v.length));
        return Collections.unmodifiableMap(m);
    }

    void encode(MessageWriter w) {
        int total = 0;
        for (byte[] v : entries.values()) {
            total += 4 + v.length;
        }
        if (total > MAX_TOTAL_LENGTH) {
            throw new IllegalStateException("extensions too large: " + total);
        }
        w.u16(total);
        entries.forEach((type, data) -> w.u16(type).u16(data.length).bytes(data));
    }

    static Extensions decode(MessageReader r) throws HandshakeException {
        int total = r.u16("extensions length");
        if (total > MAX_TOTAL_LENGTH || total > r.remaining()) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad extensions length");
        }
        int end = r.position() + total;
        TreeMap<Integer, byte[]> m = new TreeMap<>();
        int previous = -1;
        while (r.position() < end) {
            int type = r.u16("extension type");
            int len = r.u16("extension length");
            if (type <= previous) {
                throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "extensions not strictly increasing");
            }
            if (r.position() + len > end) {
                throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "extension overruns block");
            }
            m.put(type, r.bytes(len, "extension data"));
            previous = type;
        }
        return new Extensions(m);
    }

    @Override
    public String toString() {
        return "Extensions" + lengths();
    }
}
