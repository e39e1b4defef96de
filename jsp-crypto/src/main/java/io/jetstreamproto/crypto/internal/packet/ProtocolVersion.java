package io.jetstreamproto.crypto.internal.packet;

import java.util.Locale;

/** Protocol version numbers carried in long headers. */
public final class ProtocolVersion {
    /** JetStreamProto version 1: the ASCII bytes "JSP1". */
    public static final int V1 = 0x4A53_5031;
    /** The version field of a Version Negotiation packet. */
    public static final int NEGOTIATION = 0;

    private ProtocolVersion() {}

    /** Human-readable form, e.g. {@code JSP1 (0x4a535031)}. */
    public static String describe(int version) {
        if (version == V1) {
            return "JSP1 (0x4a535031)";
        }
        return String.format(Locale.ROOT, "0x%08x", version);
    }
}
