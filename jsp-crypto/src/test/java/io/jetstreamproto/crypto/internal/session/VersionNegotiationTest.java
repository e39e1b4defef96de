package io.jetstreamproto.crypto.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.LongHeader;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.packet.VersionNegotiationPacket;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Version negotiation and downgrade resistance at the session level (SR-33). */
class VersionNegotiationTest {
    /** A second version number used only to exercise negotiation; both sides treat it like JSP1. */
    static final int OTHER = 0x4A53_5032;

    private static HandshakeHarness harness(long seed, List<Integer> clientVersions, List<Integer> serverVersions) {
        RandomSource r = RandomSource.deterministicForTesting(seed);
        ServerIdentity id = ServerIdentity.generate(r, false);
        ServerHandshakeParams base = HandshakeHarness.serverParams(id);
        ServerHandshakeParams sp = new ServerHandshakeParams(serverVersions, base.cipherSuitePreference(),
                base.identities(), base.psks(), base.transportParameters());
        return new HandshakeHarness(seed, ServerSessionConfig.defaults(sp),
                ClientSessionConfig.defaults(ServerTrust.pinned(id.publicKeys()), "vn:1").withVersions(clientVersions));
    }

    @Test
    void unknownVersionGetsASmallerVersionNegotiationAndTheClientSwitches() {
        HandshakeHarness h = harness(1, List.of(OTHER, ProtocolVersion.V1), List.of(ProtocolVersion.V1));
        h.start().run();
        assertThat(h.gate.stats().versionNegotiations()).isGreaterThanOrEqualTo(1);
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.client.version()).isEqualTo(ProtocolVersion.V1);
        // every Version Negotiation reply was smaller than the datagram that triggered it
        assertThat(h.serverSent.stream().filter(d -> d.length >= 5 && d[1] == 0 && d[2] == 0 && d[3] == 0 && d[4] == 0))
                .allSatisfy(d -> assertThat(d.length).isLessThan(1200));
    }

    @Test
    void forgedVersionNegotiationThatListsTheAttemptedVersionIsIgnored() {
        HandshakeHarness h = harness(2, List.of(ProtocolVersion.V1), List.of(ProtocolVersion.V1));
        h.start();
        List<byte[]> ch = h.drainClient();
        byte[] forged = forgedVersionNegotiation(ch.get(0), List.of(ProtocolVersion.V1, OTHER));
        h.deliverToClient(forged);
        assertThat(h.client.droppedPackets()).isEqualTo(1);
        for (byte[] d : ch) {
            h.deliverToServer(d);
        }
        h.run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.client.version()).isEqualTo(ProtocolVersion.V1);
    }

    @Test
    void forgedVersionNegotiationPushingTheClientToAnotherVersionIsDetectedByTheServer() {
        // Both sides speak both versions; an attacker claims the server only speaks OTHER.
        HandshakeHarness h = harness(3, List.of(ProtocolVersion.V1, OTHER), List.of(ProtocolVersion.V1, OTHER));
        h.start();
        List<byte[]> ch = h.drainClient();
        h.deliverToClient(forgedVersionNegotiation(ch.get(0), List.of(OTHER)));
        assertThat(h.client.version()).isEqualTo(OTHER);
        h.run();
        // The retried hello carries attempted_version = JSP1, which this server supports: it refuses.
        assertThat(h.serverFailures).contains(HandshakeError.VERSION_DOWNGRADE.name());
        assertThat(h.client.state()).isEqualTo(SessionState.FAILED);
    }

    @Test
    void noCommonVersionFailsClearly() {
        HandshakeHarness h = harness(4, List.of(OTHER), List.of(ProtocolVersion.V1));
        h.start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.FAILED);
        assertThat(h.client.failure().error()).isEqualTo(HandshakeError.UNSUPPORTED_VERSION);
    }

    /** A Version Negotiation packet answering {@code clientInitial}, as an on-path attacker could forge it. */
    static byte[] forgedVersionNegotiation(byte[] clientInitial, List<Integer> versions) {
        ByteBuf in = Unpooled.wrappedBuffer(clientInitial);
        ByteBuf out = Unpooled.buffer();
        try {
            LongHeader h = PacketCodec.readLongHeader(in);
            VersionNegotiationPacket vn = new VersionNegotiationPacket(h.scid(), h.dcid(), new ArrayList<>(versions));
            vn.encode(out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return b;
        } finally {
            in.release();
            out.release();
        }
    }

}
