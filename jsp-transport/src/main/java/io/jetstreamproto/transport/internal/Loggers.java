package io.jetstreamproto.transport.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's SLF4J loggers, named in one place because they are part of what operators configure (README,
 * "Logging, metrics and JFR"). Lifecycle at INFO, the unusual-but-expected (failed or refused handshakes, path
 * changes) at DEBUG; never per packet, never keys or payload.
 */
public final class Loggers {
    /** Endpoints: bound, closed. */
    public static final Logger ENDPOINT = LoggerFactory.getLogger("io.jetstreamproto.transport.Endpoint");
    /** Listeners: listening, closed; server-side handshake failures, refusals and retries. */
    public static final Logger LISTENER = LoggerFactory.getLogger("io.jetstreamproto.transport.Listener");
    /** Connections: closed (reason, by whom); handshake failures, retries, path changes. */
    public static final Logger CONNECTION = LoggerFactory.getLogger("io.jetstreamproto.transport.Connection");

    private Loggers() {}
}
