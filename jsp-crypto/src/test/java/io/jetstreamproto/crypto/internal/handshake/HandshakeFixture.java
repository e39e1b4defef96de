package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import java.util.List;

/** Message-level handshake between a {@link ClientHandshake} and a {@link ServerHandshake}. */
final class HandshakeFixture {
    static final byte[] ODCID = {1, 2, 3, 4, 5, 6, 7, 8};

    final RandomSource random;
    final ServerIdentity identity;
    ClientHandshakeParams clientParams;
    ServerHandshakeParams serverParams;

    HandshakeFixture(long seed, boolean hybrid) {
        random = RandomSource.deterministicForTesting(seed);
        identity = ServerIdentity.generate(random, hybrid);
        clientParams = new ClientHandshakeParams(List.of(ProtocolVersion.V1), ProtocolVersion.V1, 0,
                List.of(CipherSuite.CHACHA20_POLY1305_SHA256, CipherSuite.AES_256_GCM_SHA256), new byte[] {7},
                null, ServerTrust.pinned(identity.publicKeys()), "fixture:1");
        serverParams = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                List.of(CipherSuite.AES_256_GCM_SHA256, CipherSuite.CHACHA20_POLY1305_SHA256), List.of(identity),
                PskStore.none(), new byte[] {8});
    }

    static Extensions cidExtensions() {
        return Extensions.empty().with(Extensions.ORIGINAL_DESTINATION_CID, ODCID);
    }

    ClientHandshake client() {
        ClientHandshake c = ClientHandshake.start(clientParams, random);
        c.expectConnectionIds(ODCID, null);
        return c;
    }

    ServerHandshake server(byte[] clientHello) throws HandshakeException {
        return ServerHandshake.respond(serverParams, clientHello, ProtocolVersion.V1, cidExtensions(), random);
    }

    /** The messages of one complete handshake. */
    record Transcript(byte[] ch, byte[] sh, byte[] sa, byte[] sf, byte[] cf, SessionSecrets clientApp,
            SessionSecrets serverApp) {}

    Transcript complete() throws HandshakeException {
        ClientHandshake c = client();
        byte[] ch = c.clientHello();
        ServerHandshake s = server(ch);
        c.onServerHello(s.serverHello()).destroy();
        c.onServerAuth(s.serverAuth());
        byte[] cf = c.onServerFinished(s.serverFinished());
        s.onClientFinished(cf);
        return new Transcript(ch, s.serverHello(), s.serverAuth(), s.serverFinished(), cf, c.takeApplicationSecrets(),
                s.takeApplicationSecrets());
    }

    /**
     * Runs a fresh handshake in which byte {@code offset} of message {@code index} (0..4 = CH, SH, SA, SF, CF) has
     * its lowest bit flipped in flight. Returns the exception that stopped it, or null if it completed.
     */
    HandshakeException runTampered(int index, int offset) {
        try {
            ClientHandshake c = client();
            byte[] ch = tamper(c.clientHello(), index == 0, offset);
            ServerHandshake s = server(ch);
            c.onServerHello(tamper(s.serverHello(), index == 1, offset)).destroy();
            c.onServerAuth(tamper(s.serverAuth(), index == 2, offset));
            byte[] cf = c.onServerFinished(tamper(s.serverFinished(), index == 3, offset));
            s.onClientFinished(tamper(cf, index == 4, offset));
            return null;
        } catch (HandshakeException e) {
            return e;
        }
    }

    private static byte[] tamper(byte[] message, boolean apply, int offset) {
        if (!apply) {
            return message;
        }
        byte[] c = message.clone();
        c[offset] ^= 0x01;
        return c;
    }
}
