package io.jetstreamproto.transport;

/** When a listener requires a client to prove its address with a stateless Retry round trip first. */
public enum RetryPolicy {
    /** Never (fastest handshakes; only for trusted networks). */
    NEVER,
    /** While the server is under handshake load, and for a second after (default; WireGuard's rule). */
    UNDER_LOAD,
    /** Always (every handshake costs one more round trip). */
    ALWAYS
}
