package io.jetstreamproto.transport.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A connection's handshake completed. Public facts only (no keys). */
@Name("io.jetstreamproto.HandshakeCompleted")
@Label("JSP Handshake Completed")
@Category("JetStreamProto")
@Description("A JetStreamProto handshake completed")
@StackTrace(false)
final class HandshakeCompletedEvent extends jdk.jfr.Event {
    @Label("Remote Address")
    String remoteAddress;

    @Label("Client")
    @Description("Whether this side started the connection")
    boolean client;

    @Label("Cipher Suite")
    String cipherSuite;

    @Label("Authentication")
    String authentication;

    @Label("Retried")
    @Description("Whether a Retry (address validation) round trip happened")
    boolean retried;

    @Label("Handshake Time")
    @Description("From the connection's creation (client: before its first Initial; server: once the ClientHello"
            + " was processed) to completion")
    @Timespan(Timespan.NANOSECONDS)
    long handshakeTime;
}
