/** Forward error correction for JetStreamProto: no public API. */
module io.jetstreamproto.fec {
    requires static java.management; // tests measure CPU and memory
    requires static jdk.management;
    requires transitive io.netty.buffer;
    exports io.jetstreamproto.fec.internal to io.jetstreamproto.core;
    exports io.jetstreamproto.fec.internal.rs to io.jetstreamproto.core;
}
