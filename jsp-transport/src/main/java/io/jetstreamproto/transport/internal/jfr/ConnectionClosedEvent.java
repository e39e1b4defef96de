package io.jetstreamproto.transport.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** An established connection ended. */
@Name("io.jetstreamproto.ConnectionClosed")
@Label("JSP Connection Closed")
@Category("JetStreamProto")
@Description("An established JetStreamProto connection closed")
@StackTrace(false)
final class ConnectionClosedEvent extends jdk.jfr.Event {
    @Label("Remote Address")
    String remoteAddress;

    @Label("Client")
    @Description("Whether this side started the connection")
    boolean client;

    @Label("Cipher Suite")
    String cipherSuite;

    @Label("Close Reason")
    String closeReason;

    @Label("Error Code")
    long errorCode;

    @Label("By Peer")
    boolean byPeer;

    @Label("Lifetime")
    @Description("From the connection's creation to its close")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;

    @Label("Bytes Sent")
    @Description("UDP payload bytes of 1-RTT packets sent")
    @DataAmount
    long bytesSent;

    @Label("Bytes Received")
    @DataAmount
    long bytesReceived;

    @Label("Packets Lost")
    long packetsLost;

    @Label("Smoothed RTT")
    @Timespan(Timespan.NANOSECONDS)
    long smoothedRtt;
}
