/**
 * JetStreamProto: secure, loss-resilient message transport over UDP on Netty. The whole public API is the package
 * {@code io.jetstreamproto.transport}; everything else is internal.
 */
module io.jetstreamproto.transport {
    requires static java.management; // tests measure CPU and memory
    requires static jdk.management;
    requires transitive io.netty.buffer;
    requires transitive io.netty.transport;
    requires io.netty.common;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires io.jetstreamproto.core;
    requires io.jetstreamproto.crypto;
    requires org.slf4j;
    requires jdk.jfr; // the io.jetstreamproto.* events (internal.jfr)
    exports io.jetstreamproto.transport;
}
