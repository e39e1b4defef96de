/** The session layer of JetStreamProto: no public API (see io.jetstreamproto.transport). */
module io.jetstreamproto.crypto {
    requires transitive io.netty.buffer;
    requires io.netty.common;
    requires org.bouncycastle.provider;
    requires java.management;
    requires jdk.management; // the JVM flag that tells whether AES intrinsics are on
    exports io.jetstreamproto.crypto.internal.aead to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.handshake to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.identity to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.kdf to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.kem to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.packet to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.protection to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.session to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.sign to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.token to io.jetstreamproto.core, io.jetstreamproto.transport;
    exports io.jetstreamproto.crypto.internal.util to io.jetstreamproto.core, io.jetstreamproto.transport;
}
