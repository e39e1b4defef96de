package io.jetstreamproto.crypto.internal.session;

/**
 * Counters of the {@link InitialPacketGate}: every datagram it drops is counted under its reason.
 *
 * @param accepted            complete ClientHellos handed on
 * @param tooSmall            Initial datagrams under 1200 bytes (SR-24)
 * @param versionNegotiations Version Negotiation replies sent
 * @param retriesSent         Retry replies sent (SR-26)
 * @param invalidTokens       Initials with an invalid, expired or foreign token (SR-27)
 * @param malformed           undecodable datagrams
 * @param reassemblyFull      fragments dropped because the global reassembly table was full (SR-31)
 * @param reassemblyTimeouts  partial ClientHellos that timed out
 * @param pending             partial ClientHellos held now
 */
public record GateStats(long accepted, long tooSmall, long versionNegotiations, long retriesSent, long invalidTokens,
        long malformed, long reassemblyFull, long reassemblyTimeouts, int pending) {
}
