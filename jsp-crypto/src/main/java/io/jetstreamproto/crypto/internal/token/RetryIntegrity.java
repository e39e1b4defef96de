package io.jetstreamproto.crypto.internal.token;

import io.jetstreamproto.crypto.internal.kdf.Hmac;
import io.jetstreamproto.crypto.internal.kdf.Sha256;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.RetryPacket;
import io.jetstreamproto.crypto.internal.util.ConstantTime;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Retry integrity tag (docs/PROTOCOL.md §3.5): {@code HMAC-SHA256(K, odcid_len || odcid || retry without tag)}
 * truncated to 16 bytes, with the public constant key {@code K = SHA-256("jsp1 retry integrity")}. Like QUIC's
 * (RFC 9001 §5.8) it proves nothing about the server; it binds the Retry to the client's random original
 * destination id, which an off-path attacker does not know (SR-28).
 */
public final class RetryIntegrity {
    private static final byte[] KEY = Sha256.hash("jsp1 retry integrity".getBytes(StandardCharsets.US_ASCII));

    private RetryIntegrity() {}

    /** The tag of a Retry with these fields, sent in answer to an Initial whose destination id was {@code odcid}. */
    public static byte[] tag(ConnectionId odcid, int version, ConnectionId dcid, ConnectionId scid, byte[] token) {
        ByteBuf b = Unpooled.buffer(64 + token.length);
        try {
            b.writeByte(odcid.length());
            odcid.writeTo(b);
            RetryPacket.encodeWithoutTag(b, version, dcid, scid, token);
            byte[] input = new byte[b.readableBytes()];
            b.readBytes(input);
            return Arrays.copyOf(Hmac.sha256(KEY, input), RetryPacket.TAG_LENGTH);
        } finally {
            b.release();
        }
    }

    /** A complete Retry packet with its tag. */
    public static RetryPacket create(ConnectionId odcid, int version, ConnectionId dcid, ConnectionId scid,
            byte[] token) {
        return new RetryPacket(version, dcid, scid, token.clone(), tag(odcid, version, dcid, scid, token));
    }

    /** Whether {@code retry}'s tag matches the client's original destination id (constant-time). */
    public static boolean verify(RetryPacket retry, ConnectionId odcid) {
        return ConstantTime.equals(tag(odcid, retry.version(), retry.dcid(), retry.scid(), retry.token()), retry.tag());
    }
}
