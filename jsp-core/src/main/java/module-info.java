/** The sans-IO protocol core of JetStreamProto: no public API (see io.jetstreamproto.transport). */
module io.jetstreamproto.core {
    requires static java.management; // tests measure CPU and memory
    requires static jdk.management;
    requires transitive io.jetstreamproto.crypto;
    requires io.jetstreamproto.fec;
    requires transitive io.netty.buffer;
    requires io.netty.common;
    requires org.lz4.java;
    requires flatbuffers.java;
    exports io.jetstreamproto.core.internal to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.cc to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.compress to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.endpoint to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.engine to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.flow to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.frame to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.params to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.path to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.recovery to io.jetstreamproto.transport;
    exports io.jetstreamproto.core.internal.stream to io.jetstreamproto.transport;
}
