package io.jetstreamproto.transport;

/**
 * Conversions between the public vocabulary of this package and the protocol core's own types (same names and
 * meanings; the core cannot depend on the API module). One place, so that each conversion is written once.
 */
final class Api {
    private Api() {}

    static io.jetstreamproto.core.internal.DeliveryMode core(DeliveryMode m) {
        return io.jetstreamproto.core.internal.DeliveryMode.valueOf(m.name());
    }

    static DeliveryMode api(io.jetstreamproto.core.internal.DeliveryMode m) {
        return DeliveryMode.valueOf(m.name());
    }

    static io.jetstreamproto.core.internal.Priority core(Priority p) {
        return io.jetstreamproto.core.internal.Priority.valueOf(p.name());
    }

    static io.jetstreamproto.core.internal.CloseReason core(CloseReason r) {
        return io.jetstreamproto.core.internal.CloseReason.valueOf(r.name());
    }

    static CloseInfo api(io.jetstreamproto.core.internal.CloseInfo i) {
        return new CloseInfo(CloseReason.valueOf(i.reason().name()), i.errorCode(), i.phrase(), i.byPeer());
    }

    static HandshakeInfo api(io.jetstreamproto.crypto.internal.session.HandshakeSummary s) {
        return s == null ? null : new HandshakeInfo(
                io.jetstreamproto.crypto.internal.packet.ProtocolVersion.describe(s.version()),
                CipherSuite.valueOf(s.cipherSuite().name()), s.keyExchange(), String.valueOf(s.authentication()),
                s.serverFingerprint(), s.trust(), s.retried(), s.pskUsed());
    }

    /** An exception of the core as the API's equivalent (the same message); others unchanged. */
    static RuntimeException api(RuntimeException e) {
        if (e instanceof io.jetstreamproto.core.internal.MessageTooLargeException m) {
            return new MessageTooLargeException(m.size(), m.maxSize());
        }
        if (e instanceof io.jetstreamproto.core.internal.StreamLimitException l) {
            return new StreamLimitException(l.limit());
        }
        if (e instanceof io.jetstreamproto.core.internal.StreamResetException r) {
            return new StreamResetException(r.streamId(), r.errorCode());
        }
        return e;
    }
}
