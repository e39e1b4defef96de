/**
 * Micrometer metrics for JetStreamProto: {@link io.jetstreamproto.micrometer.JspMetrics}, a {@code MeterBinder}
 * over the public statistics of endpoints, listeners and connections. Optional: the transport does not need it.
 */
module io.jetstreamproto.micrometer {
    requires transitive io.jetstreamproto.transport;
    requires transitive micrometer.core;
    exports io.jetstreamproto.micrometer;
}
