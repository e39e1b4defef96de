package io.jetstreamproto.crypto.internal.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.AuthenticationMode;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.sign.Ed25519;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;

class HandshakeMessagesTest {

    @Test
    void completeHandshakeAgreesOnEverySecret() throws Exception {
        HandshakeFixture f = new HandshakeFixture(1, false);
        HandshakeFixture.Transcript t = f.complete();
        assertThat(t.clientApp().client().copyBytesForTesting()).isEqualTo(t.serverApp().client().copyBytesForTesting());
        assertThat(t.clientApp().server().copyBytesForTesting()).isEqualTo(t.serverApp().server().copyBytesForTesting());
        assertThat(t.clientApp().exporter().bytes()).isEqualTo(t.serverApp().exporter().bytes());
        // key separation: the two directions differ
        assertThat(t.clientApp().client().copyBytesForTesting())
                .isNotEqualTo(t.clientApp().server().copyBytesForTesting());
        assertThat(t.ch()).hasSizeBetween(1250, 1400);
        assertThat(t.sh()).hasSizeBetween(1150, 1300);
    }

    @Test
    void tamperingAnyByteOfAnyMessageAbortsTheHandshake() throws Exception { // SR-08
        HandshakeFixture f = new HandshakeFixture(2, false);
        HandshakeFixture.Transcript genuine = f.complete();
        int[] lengths = {genuine.ch().length, genuine.sh().length, genuine.sa().length, genuine.sf().length,
            genuine.cf().length};
        String[] names = {"ClientHello", "ServerHello", "ServerAuth", "ServerFinished", "ClientFinished"};
        Set<HandshakeError> seen = EnumSet.noneOf(HandshakeError.class);
        for (int m = 0; m < lengths.length; m++) {
            for (int i = 0; i < lengths[m]; i++) {
                HandshakeException e = f.runTampered(m, i);
                assertThat(e).as("%s byte %d accepted after tampering", names[m], i).isNotNull();
                seen.add(e.error());
            }
        }
        assertThat(seen).contains(HandshakeError.BAD_SIGNATURE, HandshakeError.FINISHED_MISMATCH,
                HandshakeError.MALFORMED_MESSAGE);
        // and the server still completes a genuine handshake afterwards
        assertThat(f.complete().cf()).hasSize(36);
    }

    @Test
    void changingEitherHalfOfTheHybridSecretChangesEveryTrafficSecret() { // SR-09
        byte[] ssM = new byte[32];
        byte[] ssX = new byte[32];
        Arrays.fill(ssM, (byte) 0x11);
        Arrays.fill(ssX, (byte) 0x22);
        List<byte[]> base = secretsFor(concat(ssM, ssX));
        byte[] ssM2 = ssM.clone();
        ssM2[31] ^= 1;
        byte[] ssX2 = ssX.clone();
        ssX2[0] ^= 1;
        for (List<byte[]> other : List.of(secretsFor(concat(ssM2, ssX)), secretsFor(concat(ssM, ssX2)),
                secretsFor(concat(ssX, ssM)))) {
            for (int i = 0; i < base.size(); i++) {
                assertThat(other.get(i)).isNotEqualTo(base.get(i));
            }
        }
    }

    private static List<byte[]> secretsFor(byte[] shared) {
        byte[] early = KeySchedule.earlySecret(null);
        byte[] hs = KeySchedule.handshakeSecret(early, shared);
        byte[] th = KeySchedule.transcriptHash("CH".getBytes(StandardCharsets.US_ASCII));
        byte[] master = KeySchedule.masterSecret(hs);
        return List.of(KeySchedule.deriveSecret(hs, "c hs traffic", th), KeySchedule.deriveSecret(hs, "s hs traffic", th),
                KeySchedule.deriveSecret(master, "c ap traffic", th), KeySchedule.deriveSecret(master, "s ap traffic", th),
                KeySchedule.deriveSecret(master, "exp master", th));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void serverSignatureCoversTheDocumentedInput() throws Exception { // SR-11
        HandshakeFixture f = new HandshakeFixture(3, false);
        HandshakeFixture.Transcript t = f.complete();
        ServerAuth sa = ServerAuth.decode(t.sa());
        byte[] th = KeySchedule.transcriptHash(t.ch(), t.sh(), sa.authParameters());
        byte[] input = new byte[64 + 17 + 1 + 32];
        Arrays.fill(input, 0, 64, (byte) 0x20);
        System.arraycopy("JSP/1 server auth".getBytes(StandardCharsets.US_ASCII), 0, input, 64, 17);
        System.arraycopy(th, 0, input, 82, 32);
        assertThat(Ed25519.verify(sa.ed25519PublicKey(), input, sa.ed25519Signature())).isTrue();
    }

    @Test
    void signatureForAnotherTranscriptOrTheClientRoleIsRejected() throws Exception { // SR-11
        HandshakeFixture f = new HandshakeFixture(4, false);
        byte[] pub = f.identity.publicKeys().ed25519();
        byte[] params = ServerAuth.authParameters(AuthenticationMode.ED25519, pub, null);
        // (a) a genuine signature from a different handshake
        HandshakeFixture.Transcript other = f.complete();
        byte[] foreignSig = ServerAuth.decode(other.sa()).ed25519Signature();
        assertThat(runWithServerAuth(f, tbs -> foreignSig)).isEqualTo(HandshakeError.BAD_SIGNATURE);
        // (b) a signature over the right transcript but in the client role's context
        assertThat(runWithServerAuth(f, tbs -> {
            byte[] clientRole = tbs.clone();
            byte[] ctx = "JSP/1 client auth".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(ctx, 0, clientRole, 64, ctx.length);
            return f.identity.signEd25519(clientRole);
        })).isEqualTo(HandshakeError.BAD_SIGNATURE);
        // (c) control: the right input is accepted
        assertThat(runWithServerAuth(f, f.identity::signEd25519)).isNull();
        assertThat(params).hasSize(33);
    }

    private interface Signer {
        byte[] sign(byte[] signatureInput);
    }

    /** Runs a handshake whose ServerAuth carries the signature {@code signer} makes for the real input. */
    private static HandshakeError runWithServerAuth(HandshakeFixture f, Signer signer) throws HandshakeException {
        ClientHandshake c = f.client();
        byte[] ch = c.clientHello();
        ServerHandshake s = f.server(ch);
        c.onServerHello(s.serverHello()).destroy();
        byte[] pub = f.identity.publicKeys().ed25519();
        byte[] params = ServerAuth.authParameters(AuthenticationMode.ED25519, pub, null);
        byte[] tbs = KeySchedule.serverSignatureInput(KeySchedule.transcriptHash(ch, s.serverHello(), params));
        byte[] forged = new ServerAuth(AuthenticationMode.ED25519, pub, null, signer.sign(tbs), null).encode();
        try {
            c.onServerAuth(forged);
            return null;
        } catch (HandshakeException e) {
            return e.error();
        }
    }

    @Test
    void hybridModeNeedsBothSignatures() throws Exception { // SR-12
        HandshakeFixture f = new HandshakeFixture(5, true);
        assertThat(f.complete().cf()).isNotNull();
        for (int which = 0; which < 2; which++) {
            ClientHandshake c = f.client();
            byte[] ch = c.clientHello();
            ServerHandshake s = f.server(ch);
            c.onServerHello(s.serverHello()).destroy();
            ServerAuth sa = ServerAuth.decode(s.serverAuth());
            byte[] ed = sa.ed25519Signature().clone();
            byte[] ml = sa.mlDsaSignature().clone();
            if (which == 0) {
                ml[100] ^= 1; // valid Ed25519, invalid ML-DSA-65
            } else {
                ed[10] ^= 1; // invalid Ed25519, valid ML-DSA-65
            }
            byte[] forged = new ServerAuth(sa.mode(), sa.ed25519PublicKey(), sa.mlDsaPublicKey(), ed, ml).encode();
            int w = which;
            assertThatThrownBy(() -> c.onServerAuth(forged)).as("case %d", w).isInstanceOf(HandshakeException.class)
                    .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.BAD_SIGNATURE);
        }
    }

    @Test
    void strippingTheMlDsaSignatureFromAHybridServerIsRefused() throws Exception { // SR-12 / downgrade
        HandshakeFixture f = new HandshakeFixture(6, true);
        ClientHandshake c = f.client();
        byte[] ch = c.clientHello();
        ServerHandshake s = f.server(ch);
        c.onServerHello(s.serverHello()).destroy();
        // An attacker with the server's Ed25519 key alone re-signs in classical mode.
        byte[] pub = f.identity.publicKeys().ed25519();
        byte[] params = ServerAuth.authParameters(AuthenticationMode.ED25519, pub, null);
        byte[] tbs = KeySchedule.serverSignatureInput(KeySchedule.transcriptHash(ch, s.serverHello(), params));
        byte[] classical = new ServerAuth(AuthenticationMode.ED25519, pub, null, f.identity.signEd25519(tbs), null)
                .encode();
        assertThatThrownBy(() -> c.onServerAuth(classical)).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error())
                .isEqualTo(HandshakeError.AUTHENTICATION_MODE_MISMATCH);
    }

    @Test
    void wrongPskFailsAtFinishedAndUnknownPskIdIsRefused() throws Exception { // SR-13
        HandshakeFixture f = new HandshakeFixture(7, false);
        byte[] serverPsk = new byte[32];
        Arrays.fill(serverPsk, (byte) 5);
        f.serverParams = new ServerHandshakeParams(f.serverParams.supportedVersions(),
                f.serverParams.cipherSuitePreference(), f.serverParams.identities(),
                id -> Arrays.equals(id, "team".getBytes(StandardCharsets.US_ASCII)) ? Optional.of(serverPsk.clone())
                        : Optional.empty(), new byte[0]);
        byte[] right = serverPsk.clone();
        byte[] wrong = serverPsk.clone();
        wrong[0] ^= 1;
        f.clientParams = withPsk(f.clientParams, new PreSharedKey("team".getBytes(StandardCharsets.US_ASCII),
                SecretBytes.wrap(right)));
        assertThat(f.complete().cf()).isNotNull();

        f.clientParams = withPsk(f.clientParams, new PreSharedKey("team".getBytes(StandardCharsets.US_ASCII),
                SecretBytes.wrap(wrong)));
        ClientHandshake c = f.client();
        ServerHandshake s = f.server(c.clientHello());
        c.onServerHello(s.serverHello()).destroy();
        c.onServerAuth(s.serverAuth());
        assertThatThrownBy(() -> c.onServerFinished(s.serverFinished())).isInstanceOf(HandshakeException.class)
                .extracting(x -> ((HandshakeException) x).error()).isEqualTo(HandshakeError.FINISHED_MISMATCH);

        f.clientParams = withPsk(f.clientParams, new PreSharedKey("nobody".getBytes(StandardCharsets.US_ASCII),
                SecretBytes.wrap(right.clone())));
        assertThatThrownBy(() -> f.server(f.client().clientHello())).isInstanceOf(HandshakeException.class)
                .extracting(x -> ((HandshakeException) x).error()).isEqualTo(HandshakeError.UNKNOWN_PSK);
    }

    private static ClientHandshakeParams withPsk(ClientHandshakeParams p, PreSharedKey psk) {
        return new ClientHandshakeParams(p.versions(), p.version(), p.attemptedVersion(), p.cipherSuites(),
                p.transportParameters(), psk, p.trust(), p.serverName());
    }

    @Test
    void editedVersionOrSuiteListsAndForgedAttemptedVersionAreDetected() throws Exception { // SR-33
        HandshakeFixture f = new HandshakeFixture(8, false);
        ClientHandshake c = f.client();
        ClientHello ch = ClientHello.decode(c.clientHello());
        // an attacker removes AES-256-GCM from the offer so the server must pick ChaCha20
        ClientHello edited = new ClientHello(ch.random(), ch.versions(),
                List.of(CipherSuite.CHACHA20_POLY1305_SHA256.id()), ch.keyShare(), ch.serverKeyId(), ch.pskId(),
                ch.extensions());
        ServerHandshake s = f.server(edited.encode());
        assertThat(s.cipherSuite()).isEqualTo(CipherSuite.CHACHA20_POLY1305_SHA256);
        c.onServerHello(s.serverHello()).destroy();
        assertThatThrownBy(() -> c.onServerAuth(s.serverAuth())).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.BAD_SIGNATURE);

        // a version list whose first entry is not the packet's version
        ClientHello otherFirst = new ClientHello(ch.random(), List.of(0x0A0A0A0A, ProtocolVersion.V1),
                ch.cipherSuites(), ch.keyShare(), ch.serverKeyId(), ch.pskId(), ch.extensions());
        assertThatThrownBy(() -> f.server(otherFirst.encode())).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.VERSION_DOWNGRADE);

        // a retried hello claiming it was pushed off a version this server supports
        f.clientParams = new ClientHandshakeParams(List.of(ProtocolVersion.V1), ProtocolVersion.V1, ProtocolVersion.V1,
                f.clientParams.cipherSuites(), new byte[0], null, f.clientParams.trust(), "x:1");
        assertThatThrownBy(() -> f.server(f.client().clientHello())).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.VERSION_DOWNGRADE);
    }

    @Test
    void noHandshakeWithoutMlKem() throws Exception { // SR-34
        HandshakeFixture f = new HandshakeFixture(9, false);
        ClientHandshake c = f.client();
        ClientHello ch = ClientHello.decode(c.clientHello());
        byte[] x25519Only = Arrays.copyOfRange(ch.keyShare(), 1184, 1216);
        ClientHello stripped = new ClientHello(ch.random(), ch.versions(), ch.cipherSuites(), x25519Only,
                ch.serverKeyId(), ch.pskId(), ch.extensions());
        assertThatThrownBy(() -> f.server(stripped.encode())).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.INVALID_KEY_SHARE);

        ServerHandshake s = f.server(c.clientHello());
        ServerHello sh = ServerHello.decode(s.serverHello());
        ServerHello shStripped = new ServerHello(sh.random(), sh.version(), sh.cipherSuite(),
                Arrays.copyOfRange(sh.keyShare(), 1088, 1120), sh.extensions());
        assertThatThrownBy(() -> c.onServerHello(shStripped.encode())).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.INVALID_KEY_SHARE);
    }

    @Test
    void ephemeralSecretsAreDestroyedWhenTheHandshakeEnds() throws Exception { // SR-16
        HandshakeFixture f = new HandshakeFixture(10, false);
        List<Destroyable> serverShares = new ArrayList<>();
        ServerHandshake.ephemeralObserverForTesting = serverShares::add;
        try {
            ClientHandshake c = f.client();
            assertThat(c.ephemeralKeysDestroyed()).isFalse();
            ServerHandshake s = f.server(c.clientHello());
            assertThat(serverShares).hasSize(1);
            assertThat(serverShares.get(0).isDestroyed()).isTrue();
            c.onServerHello(s.serverHello()).destroy();
            assertThat(c.ephemeralKeysDestroyed()).isTrue();
            c.onServerAuth(s.serverAuth());
            s.onClientFinished(c.onServerFinished(s.serverFinished()));
            assertThat(c.isDestroyed()).isTrue(); // handshake secrets zeroed
            SessionSecrets app = c.takeApplicationSecrets();
            app.destroy();
            assertThat(app.isDestroyed()).isTrue();
        } finally {
            ServerHandshake.ephemeralObserverForTesting = null;
        }
    }

    @Test
    void unknownServerKeyIdIsRefused() throws Exception {
        HandshakeFixture f = new HandshakeFixture(11, false);
        ServerIdentity stranger = ServerIdentity.generate(f.random, false);
        f.clientParams = new ClientHandshakeParams(f.clientParams.versions(), f.clientParams.version(), 0,
                f.clientParams.cipherSuites(), new byte[0], null, ServerTrust.pinned(stranger.publicKeys()), "x:1");
        assertThatThrownBy(() -> f.server(f.client().clientHello())).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.UNKNOWN_SERVER_KEY);
    }
}
