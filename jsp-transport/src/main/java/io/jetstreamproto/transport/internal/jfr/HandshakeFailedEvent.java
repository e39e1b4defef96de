package io.jetstreamproto.transport.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A handshake ended without a connection: refused, timed out, rejected by either side. */
@Name("io.jetstreamproto.HandshakeFailed")
@Label("JSP Handshake Failed")
@Category("JetStreamProto")
@Description("A JetStreamProto handshake failed")
@StackTrace(false)
final class HandshakeFailedEvent extends jdk.jfr.Event {
    @Label("Remote Address")
    String remoteAddress;

    @Label("Client")
    @Description("Whether this side started the connection")
    boolean client;

    @Label("Close Reason")
    String closeReason;

    @Label("Error Code")
    long errorCode;

    @Label("Phrase")
    @Description("The human-readable explanation (never secret data)")
    String phrase;

    @Label("By Peer")
    boolean byPeer;

    @Label("Handshake Time")
    @Description("From the connection's creation to the failure; 0 for a server-side handshake job")
    @Timespan(Timespan.NANOSECONDS)
    long handshakeTime;
}
