package io.jetstreamproto.crypto.internal.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshake;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.Extensions;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.PreSharedKey;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshake;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.jetstreamproto.crypto.internal.protection.ProtectionConfig;
import io.jetstreamproto.crypto.internal.token.RetryTokens;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SR-39: no key material in logs, exception messages or {@code toString()}. Runs handshakes with known secrets
 * (including failing ones), collects every string the objects involved expose and everything written to stdout and
 * stderr meanwhile, and searches all of it for the hex (both cases) and Base64 of every secret.
 */
class SecretHygieneTest {

    @Test
    void secretsNeverAppearInStringsExceptionsOrLogs() throws Exception {
        RandomSource random = RandomSource.deterministicForTesting(99);
        byte[] edPrivate = random.nextBytes(32);
        byte[] pskBytes = random.nextBytes(32);
        List<byte[]> secrets = new ArrayList<>(List.of(edPrivate.clone(), pskBytes.clone()));
        List<String> texts = new ArrayList<>();

        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            ServerIdentity identity = ServerIdentity.fromPrivateKeys(edPrivate, null);
            texts.add(identity.toString());
            PreSharedKey psk = new PreSharedKey("id".getBytes(StandardCharsets.US_ASCII), SecretBytes.wrap(pskBytes));
            texts.add(psk.toString());
            texts.add(psk.key().toString());
            ClientHandshakeParams cp = new ClientHandshakeParams(List.of(ProtocolVersion.V1), ProtocolVersion.V1, 0,
                    List.of(CipherSuite.AES_256_GCM_SHA256), new byte[0], psk, ServerTrust.pinned(identity.publicKeys()),
                    "h:1");
            texts.add(cp.toString());
            ServerHandshakeParams sp = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                    List.of(CipherSuite.AES_256_GCM_SHA256), List.of(identity),
                    id -> Optional.of(pskBytes.clone()), new byte[0]);
            Extensions ext = Extensions.empty().with(Extensions.ORIGINAL_DESTINATION_CID, new byte[8]);

            ClientHandshake c = ClientHandshake.start(cp, random);
            c.expectConnectionIds(new byte[8], null);
            ServerHandshake s = ServerHandshake.respond(sp, c.clientHello(), ProtocolVersion.V1, ext, random);
            texts.add(c.toString());
            texts.add(s.toString());
            SessionSecrets hs = c.onServerHello(s.serverHello());
            secrets.add(hs.client().copyBytesForTesting());
            secrets.add(hs.server().copyBytesForTesting());
            texts.add(hs.toString());
            texts.add(hs.client().toString());
            texts.add(hs.client().packetKey(AeadImplementation.JDK).toString());
            c.onServerAuth(s.serverAuth());
            s.onClientFinished(c.onServerFinished(s.serverFinished()));
            SessionSecrets app = c.takeApplicationSecrets();
            secrets.add(app.client().copyBytesForTesting());
            secrets.add(app.server().copyBytesForTesting());
            secrets.add(app.exporter().bytes().clone());
            texts.add(app.exporter().toString());
            PacketProtection p = new PacketProtection(app, true, ProtectionConfig.defaults(), true, 0);
            texts.add(p.toString());
            texts.add(p.stats().toString());
            texts.add(RetryTokens.withDefaults(random, 0).toString());

            // failures: a tampered ServerFinished and a wrong PSK
            ClientHandshake c2 = ClientHandshake.start(cp, random);
            c2.expectConnectionIds(new byte[8], null);
            ServerHandshake s2 = ServerHandshake.respond(sp, c2.clientHello(), ProtocolVersion.V1, ext, random);
            c2.onServerHello(s2.serverHello()).destroy();
            c2.onServerAuth(s2.serverAuth());
            byte[] sf = s2.serverFinished();
            sf[10] ^= 1;
            try {
                c2.onServerFinished(sf);
            } catch (HandshakeException e) {
                texts.add(e.getMessage());
                texts.add(e.toString());
            }
            texts.add(c2.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        texts.add(captured.toString(StandardCharsets.UTF_8));

        assertThat(secrets).hasSize(7);
        for (byte[] secret : secrets) {
            String hex = HexFormat.of().formatHex(secret);
            String b64 = java.util.Base64.getEncoder().encodeToString(secret);
            for (String t : texts) {
                assertThat(t).doesNotContain(hex).doesNotContain(hex.toUpperCase(Locale.ROOT)).doesNotContain(b64)
                        .doesNotContain(HexFormat.of().formatHex(secret, 0, 8));
            }
        }
    }
}
