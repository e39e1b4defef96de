package io.jetstreamproto.crypto.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.identity.AuthenticationMode;
import io.jetstreamproto.crypto.internal.identity.KnownServers;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.protection.OpenStatus;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Full handshakes between the two session state machines over a simulated link. */
class SessionHandshakeTest {

    @Test
    void completesAndProtectsDataBothWays() {
        HandshakeHarness h = HandshakeHarness.standard(1).start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.client.summary().cipherSuite()).isEqualTo(h.server.summary().cipherSuite());
        assertThat(h.client.summary().serverFingerprint()).isEqualTo(h.server.summary().serverFingerprint());
        assertThat(h.client.summary().authentication()).isEqualTo(AuthenticationMode.ED25519);
        assertThat(h.client.peerTransportParameters()).containsExactly(1, 2, 3);

        PacketProtection c = h.client.protection();
        PacketProtection s = h.server.protection();
        for (int i = 0; i < 50; i++) {
            byte[] msg = ("client->server " + i).getBytes(StandardCharsets.UTF_8);
            OneRtt.Opened o = OneRtt.open(s, OneRtt.seal(c, h.client.remoteConnectionId(), msg, h.now), h.now);
            assertThat(o.status()).isEqualTo(OpenStatus.OK);
            assertThat(o.plaintext()).isEqualTo(msg);
            byte[] back = ("server->client " + i).getBytes(StandardCharsets.UTF_8);
            OneRtt.Opened o2 = OneRtt.open(c, OneRtt.seal(s, h.server.remoteConnectionId(), back, h.now), h.now);
            assertThat(o2.status()).isEqualTo(OpenStatus.OK);
            assertThat(o2.plaintext()).isEqualTo(back);
        }
    }

    @Test
    void bothCipherSuitesWork() {
        for (CipherSuite suite : CipherSuite.values()) {
            HandshakeHarness base = HandshakeHarness.standard(2);
            HandshakeHarness h = new HandshakeHarness(2, base.serverConfig,
                    base.clientConfig.withCipherSuites(List.of(suite))).start().run();
            assertThat(h.client.summary().cipherSuite()).isEqualTo(suite);
            byte[] msg = {1, 2, 3};
            assertThat(OneRtt.open(h.server.protection(),
                    OneRtt.seal(h.client.protection(), h.client.remoteConnectionId(), msg, h.now), h.now).plaintext())
                    .isEqualTo(msg);
        }
    }

    @Test
    void hybridAuthenticationWithMlDsa65() {
        RandomSource r = RandomSource.deterministicForTesting(77);
        ServerIdentity id = ServerIdentity.generate(r, true);
        HandshakeHarness h = new HandshakeHarness(3, ServerSessionConfig.defaults(HandshakeHarness.serverParams(id)),
                ClientSessionConfig.defaults(ServerTrust.pinned(id.publicKeys()), "hybrid.test:1")).start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.client.summary().authentication()).isEqualTo(AuthenticationMode.ED25519_MLDSA65);
        // the hybrid flight stays inside the 3x anti-amplification budget without a Retry
        assertThat(h.server.amplification().bytesSent()).isLessThanOrEqualTo(3 * 2400L);
    }

    @Test
    void clientInitialDatagramsArePaddedTo1200Bytes() { // SR-24 (client side)
        HandshakeHarness h = HandshakeHarness.standard(4).start().run();
        List<byte[]> initials = h.clientSent.stream()
                .filter(d -> (d[0] & 0xF0) == 0xC0) // long header, type Initial
                .toList();
        assertThat(initials).hasSizeGreaterThanOrEqualTo(2); // ClientHello needs two datagrams
        assertThat(initials).allSatisfy(d -> assertThat(d.length).isGreaterThanOrEqualTo(1200));
    }

    @Test
    void gateDropsSmallInitialDatagramsWithoutReply() { // SR-24 (server side)
        HandshakeHarness h = HandshakeHarness.standard(5).start();
        byte[] first = h.drainClient().get(0);
        byte[] truncated = java.util.Arrays.copyOf(first, 1199);
        InitialPacketGate.Decision d = h.gate.onDatagram(Unpooled.wrappedBuffer(truncated), HandshakeHarness.CLIENT_IP,
                HandshakeHarness.CLIENT_PORT, false, h.now);
        assertThat(d).isInstanceOf(InitialPacketGate.Drop.class);
        assertThat(h.gate.stats().tooSmall()).isEqualTo(1);
        assertThat(h.gate.stats().pending()).isZero();
    }

    @Test
    void survivesRandomLossOfWholeFlightsAndNeverCreatesTwoKeys() { // SR-15
        for (long seed = 10; seed < 40; seed++) {
            Random loss = new Random(seed);
            HandshakeHarness h = HandshakeHarness.standard(seed);
            h.toServer = l -> l.stream().filter(d -> loss.nextDouble() > 0.2).toList();
            h.toClient = l -> l.stream().filter(d -> loss.nextDouble() > 0.2).toList();
            h.start().run(500);
            assertThat(h.client.state()).as("seed %d: %s / %s", seed, h.client.failure(),
                    h.server == null ? "no server" : h.server.failure()).isEqualTo(SessionState.CONFIRMED);
            assertThat(h.server.state()).as("seed %d", seed).isEqualTo(SessionState.CONFIRMED);
            assertThat(h.serverAccepts).as("one server handshake per client attempt, seed %d", seed).isEqualTo(1);
            byte[] msg = {9};
            assertThat(OneRtt.open(h.server.protection(),
                    OneRtt.seal(h.client.protection(), h.client.remoteConnectionId(), msg, h.now), h.now).status())
                    .as("seed %d", seed).isEqualTo(OpenStatus.OK);
        }
    }

    @Test
    void retransmittedClientHelloGetsTheCachedFlightWithoutNewCrypto() { // SR-15
        HandshakeHarness h = HandshakeHarness.standard(6);
        List<List<byte[]>> flights = new ArrayList<>();
        h.toClient = l -> {
            if (!l.isEmpty()) {
                flights.add(l);
            }
            return flights.size() == 1 ? List.of() : l; // the server's first flight is lost entirely
        };
        h.start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.serverAccepts).isEqualTo(1);
        assertThat(h.server.flightResends()).isGreaterThanOrEqualTo(1);
        // the re-sent flight is byte for byte the first one: no new ephemerals, no new signature
        List<String> first = flights.get(0).stream().map(java.util.HexFormat.of()::formatHex).toList();
        List<String> second = flights.get(1).stream().map(java.util.HexFormat.of()::formatHex).toList();
        assertThat(second).containsAll(first);
    }

    @Test
    void repeatedClientFinishedOnlyRepeatsHandshakeDoneAndNeverRekeys() { // SR-15
        HandshakeHarness h = HandshakeHarness.standard(7);
        int[] handshakeDoneDropped = {0};
        h.toClient = l -> l.stream().filter(d -> {
            boolean handshakeOnly = (d[0] & 0xF0) == 0xD0 && d.length < 80; // the HANDSHAKE_DONE packet
            if (handshakeOnly && handshakeDoneDropped[0] < 2) {
                handshakeDoneDropped[0]++;
                return false;
            }
            return true;
        }).toList();
        h.start().run();
        assertThat(handshakeDoneDropped[0]).isEqualTo(2);
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        // The client re-sent ClientFinished (fresh packet numbers) until HANDSHAKE_DONE got through.
        long finishedPackets = h.clientSent.stream().filter(d -> (d[0] & 0xF0) == 0xD0).count();
        assertThat(finishedPackets).isEqualTo(3);
        assertThat(h.serverAccepts).isEqualTo(1);

        PacketProtection before = h.server.protection();
        long pnBefore = before.peekNextPacketNumber();
        // An exact replay of every client datagram changes nothing and is dropped.
        long dropped = h.server.droppedPackets();
        for (byte[] d : new ArrayList<>(h.clientSent)) {
            h.deliverToServer(d);
        }
        assertThat(h.server.protection()).isSameAs(before);
        assertThat(before.peekNextPacketNumber()).isEqualTo(pnBefore);
        assertThat(h.server.droppedPackets()).isEqualTo(dropped + finishedPackets);
        assertThat(h.drainServer()).isEmpty();
    }

    @Test
    void onceTheClientAcknowledgesOneRttTheServerDropsItsHandshakeState() {
        HandshakeHarness h = HandshakeHarness.standard(11);
        h.start().run();
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.server.holdsHandshakeState()).isTrue();
        byte[] clientParameters = h.server.peerTransportParameters().clone();
        PacketProtection protection = h.server.protection();

        h.server.onPeerAcknowledgedOneRtt();
        assertThat(h.server.holdsHandshakeState()).isFalse();
        assertThat(h.server.initial()).isNull();
        assertThat(h.server.peerTransportParameters()).isEqualTo(clientParameters);
        assertThat(h.server.protection()).isSameAs(protection);
        assertThat(h.server.remoteConnectionId()).isNotNull();

        // Late or replayed handshake datagrams (ClientHello, ClientFinished): dropped and counted, nothing answered.
        long dropped = h.server.droppedPackets();
        List<byte[]> replay = new ArrayList<>(h.clientSent);
        for (byte[] d : replay) {
            h.deliverToServer(d);
        }
        assertThat(h.server.droppedPackets()).isEqualTo(dropped + replay.size());
        assertThat(h.drainServer()).isEmpty();
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        h.server.destroy();
        assertThat(h.server.isDestroyed()).isTrue();
    }

    @Test
    void theServerKeepsItsHandshakeStateUntilItIsConfirmed() {
        HandshakeHarness h = HandshakeHarness.standard(12);
        h.toServer = l -> l.stream().filter(d -> (d[0] & 0xF0) != 0xD0).toList(); // ClientFinished never arrives
        h.start().runUntil(() -> h.client.state() == SessionState.ESTABLISHED, 50);
        assertThat(h.client.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(h.server.state()).isEqualTo(SessionState.HANDSHAKING);
        h.server.onPeerAcknowledgedOneRtt(); // nothing can be acknowledged yet: ignored
        assertThat(h.server.holdsHandshakeState()).isTrue();
    }

    @Test
    void blackHoleClientNeverGetsMoreThanThreeTimesItsBytes() { // SR-25
        for (boolean hybrid : new boolean[] {false, true}) {
            RandomSource r = RandomSource.deterministicForTesting(8);
            ServerIdentity id = ServerIdentity.generate(r, hybrid);
            HandshakeHarness h = new HandshakeHarness(8, ServerSessionConfig.defaults(HandshakeHarness.serverParams(id)),
                    ClientSessionConfig.defaults(ServerTrust.pinned(id.publicKeys()), "x:1"));
            h.toClient = l -> List.of(); // spoofed source: the real owner of the address never answers
            h.start().run(300);
            assertThat(h.server).isNotNull();
            long received = h.clientSent.stream().mapToLong(d -> d.length).sum();
            long sent = h.serverSent.stream().mapToLong(d -> d.length).sum();
            assertThat(h.server.amplification().bytesSent()).isEqualTo(sent);
            assertThat(sent).as("hybrid=%s", hybrid).isLessThanOrEqualTo(3 * received);
            assertThat(h.client.state()).isEqualTo(SessionState.FAILED);
            assertThat(h.client.failure().error()).isEqualTo(HandshakeError.TIMEOUT);
        }
    }

    @Test
    void retryUnderLoadKeepsNoStateAndTheHandshakeCompletesAfterIt() { // SR-26
        HandshakeHarness h = HandshakeHarness.standard(9);
        h.requireRetry = true;
        h.start();
        List<byte[]> ch = h.drainClient();
        for (byte[] d : ch) {
            InitialPacketGate.Decision dec = h.gate.onDatagram(Unpooled.wrappedBuffer(d), HandshakeHarness.CLIENT_IP,
                    HandshakeHarness.CLIENT_PORT, true, h.now);
            assertThat(dec).isInstanceOf(InitialPacketGate.Reply.class);
            assertThat(((InitialPacketGate.Reply) dec).datagram().length).isLessThanOrEqualTo(100);
        }
        assertThat(h.gate.stats().pending()).isZero();
        assertThat(h.gate.stats().retriesSent()).isEqualTo(ch.size());

        HandshakeHarness h2 = HandshakeHarness.standard(9);
        h2.requireRetry = true;
        h2.start().run();
        assertThat(h2.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h2.client.summary().retried()).isTrue();
        assertThat(h2.server.amplification().isValidated()).isTrue();
    }

    @Test
    void aClientThatFollowedARetryTakesTheAnswerToItsFirstClientHello() {
        // The race of issue 10: a server under load answers one copy of the ClientHello with a Retry, then (load
        // gone) accepts the next copy; the Retry reaches the client first. Before, the client failed with
        // "retry source id mismatch"; now it completes with the session the server made for the first copy.
        HandshakeHarness h = HandshakeHarness.standard(21);
        h.start();
        List<byte[]> clientHello = h.drainClient();
        h.requireRetry = true;
        clientHello.forEach(h::deliverToServer);
        List<byte[]> retry = h.drainServer();
        assertThat(retry).isNotEmpty();
        h.requireRetry = false;
        clientHello.forEach(h::deliverToServer); // a retransmitted copy, accepted this time
        assertThat(h.serverAccepts).isEqualTo(1);
        List<byte[]> flight = h.drainServer();
        retry.forEach(h::deliverToClient); // the client follows the Retry (and resends with the token)...
        flight.forEach(h::deliverToClient); // ...then gets the answer to its first copy
        h.run();
        assertThat(h.client.state()).as("%s", h.client.failure()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.serverAccepts).isEqualTo(1);
        assertThat(h.serverDuplicates).as("the token-bearing copy is a duplicate").isEqualTo(1);
        assertThat(h.client.summary().retried()).as("the connection did not come from the Retry").isFalse();
    }

    @Test
    void aServerHelloWithAnotherRetrySourceIdIsStillRefused() {
        // Only the answer to the first ClientHello is taken after a Retry: one naming another Retry is not.
        HandshakeHarness h = HandshakeHarness.standard(22);
        h.start();
        List<byte[]> clientHello = h.drainClient();
        h.requireRetry = true;
        clientHello.forEach(h::deliverToServer);
        List<byte[]> first = h.drainServer();
        clientHello.forEach(h::deliverToServer);
        List<byte[]> second = h.drainServer(); // another Retry, another source id
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
        first.forEach(h::deliverToClient);
        second.forEach(h::deliverToClient); // ignored: one Retry per attempt (SR-28)
        h.requireRetry = false;
        h.run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.client.summary().retried()).isTrue();
    }

    @Test
    void clientIgnoresRetryWithBadTagAndASecondRetry() { // SR-28
        HandshakeHarness h = HandshakeHarness.standard(11);
        h.requireRetry = true;
        List<byte[]> retries = new ArrayList<>();
        h.toClient = l -> {
            List<byte[]> out = new ArrayList<>();
            for (byte[] d : l) {
                if ((d[0] & 0xF0) == 0xE0) {
                    retries.add(d);
                    byte[] forged = d.clone();
                    forged[forged.length - 1] ^= 1; // bad integrity tag: must be ignored
                    out.add(forged);
                }
                out.add(d);
            }
            return out;
        };
        h.start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.client.droppedPackets()).isGreaterThanOrEqualTo(1);
        // Now deliver another (genuine-looking) Retry after the handshake: ignored, nothing changes.
        long dropped = h.client.droppedPackets();
        h.deliverToClient(retries.get(0));
        assertThat(h.client.droppedPackets()).isEqualTo(dropped + 1);
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
    }

    @Test
    void noSignatureOrServerKeyInCleartextDatagrams() { // SR-35
        RandomSource r = RandomSource.deterministicForTesting(12);
        ServerIdentity id = ServerIdentity.generate(r, false);
        HandshakeHarness h = new HandshakeHarness(12, ServerSessionConfig.defaults(HandshakeHarness.serverParams(id)),
                ClientSessionConfig.defaults(ServerTrust.trustOnFirstUse(KnownServers.inMemory()), "tofu:1"))
                .start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        byte[] pub = id.publicKeys().ed25519();
        byte[] keyId = id.publicKeys().keyId();
        List<byte[]> all = new ArrayList<>(h.clientSent);
        all.addAll(h.serverSent);
        for (byte[] d : all) {
            assertThat(indexOf(d, pub)).isEqualTo(-1);
            assertThat(indexOf(d, keyId)).isEqualTo(-1);
        }
        // The ServerAuth really was sent: inside Handshake packets, which are encrypted.
        assertThat(h.serverSent.stream().anyMatch(d -> containsHandshakePacket(d))).isTrue();
    }

    @Test
    void changedServerKeyIsRefusedUnderTrustOnFirstUse() {
        KnownServers known = KnownServers.inMemory();
        RandomSource r = RandomSource.deterministicForTesting(13);
        ServerIdentity first = ServerIdentity.generate(r, false);
        ServerIdentity second = ServerIdentity.generate(r, false);
        ClientSessionConfig cc = ClientSessionConfig.defaults(ServerTrust.trustOnFirstUse(known), "same:1");
        HandshakeHarness ok = new HandshakeHarness(13, ServerSessionConfig.defaults(HandshakeHarness.serverParams(first)),
                cc).start().run();
        assertThat(ok.client.state()).isEqualTo(SessionState.CONFIRMED);
        HandshakeHarness bad = new HandshakeHarness(14,
                ServerSessionConfig.defaults(HandshakeHarness.serverParams(second)), cc).start().run();
        assertThat(bad.client.state()).isEqualTo(SessionState.FAILED);
        assertThat(bad.client.failure().error()).isEqualTo(HandshakeError.UNTRUSTED_SERVER_KEY);
        assertThat(bad.client.failure().getMessage()).contains("SERVER KEY CHANGED");
        assertThat(bad.server.state()).isEqualTo(SessionState.FAILED); // told by an encrypted CONNECTION_CLOSE
    }

    @Test
    void wrongPinnedKeyFails() {
        RandomSource r = RandomSource.deterministicForTesting(15);
        ServerIdentity real = ServerIdentity.generate(r, false);
        ServerIdentity pinned = ServerIdentity.generate(r, false);
        HandshakeHarness h = new HandshakeHarness(15, ServerSessionConfig.defaults(HandshakeHarness.serverParams(real)),
                ClientSessionConfig.defaults(ServerTrust.pinned(pinned.publicKeys()), "p:1")).start().run();
        // The client announced the pinned key's id, which this server does not hold: it answers nothing.
        assertThat(h.serverFailures).isNotEmpty().containsOnly(HandshakeError.UNKNOWN_SERVER_KEY.name());
        assertThat(h.client.state()).isEqualTo(SessionState.FAILED);
        assertThat(h.client.failure().error()).isEqualTo(HandshakeError.TIMEOUT);
    }

    @Test
    void serverAcceptsNoApplicationDataBeforeClientFinished() { // SR-14
        HandshakeHarness h = HandshakeHarness.standard(16);
        List<byte[]> heldBack = new ArrayList<>();
        h.toServer = l -> {
            List<byte[]> out = new ArrayList<>();
            for (byte[] d : l) {
                if ((d[0] & 0xF0) == 0xE0 || (d[0] & 0xF0) == 0xD0) {
                    heldBack.add(d); // hold back the ClientFinished
                } else {
                    out.add(d);
                }
            }
            return out;
        };
        h.start().runUntil(() -> h.client.state() == SessionState.ESTABLISHED, 50);
        h.exchange(); // ClientFinished leaves the client and is held back
        assertThat(heldBack).isNotEmpty();
        assertThat(h.client.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(h.server.state()).isEqualTo(SessionState.HANDSHAKING);
        assertThat(h.server.hasProtection()).isFalse(); // no 1-RTT key: early data cannot be opened
        byte[] early = OneRtt.seal(h.client.protection(), h.client.remoteConnectionId(), new byte[] {42}, h.now);
        assertThat(PacketCodec.isLongHeader(Unpooled.wrappedBuffer(early))).isFalse();
        // Once ClientFinished arrives, 1-RTT packets open.
        for (byte[] d : heldBack) {
            h.deliverToServer(d);
        }
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(OneRtt.open(h.server.protection(), early, h.now).plaintext()).containsExactly(42);
    }

    @Test
    void handshakeTimesOutWhenNobodyAnswers() {
        HandshakeHarness h = HandshakeHarness.standard(17);
        h.toServer = l -> List.of();
        h.start().run();
        assertThat(h.client.state()).isEqualTo(SessionState.FAILED);
        assertThat(h.client.failure().error()).isEqualTo(HandshakeError.TIMEOUT);
        assertThat(h.now - 1_000_000_000L).isGreaterThanOrEqualTo(10_000_000_000L);
        // retransmissions back off: far fewer than 10 s / 300 ms sends
        assertThat(h.clientSent.size()).isBetween(6, 20);
    }

    private static boolean containsHandshakePacket(byte[] d) {
        for (int i = 0; i < d.length; i++) {
            if ((d[i] & 0xFF) == 0xD0 && i + 5 < d.length && d[i + 1] == 0x4A && d[i + 2] == 0x53) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
