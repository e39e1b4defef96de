package io.jetstreamproto.core.internal.cc;

/** A controller's state for statistics and traces. */
public record CongestionSnapshot(long congestionWindow, long slowStartThreshold, long bytesInFlight, String state) {}
