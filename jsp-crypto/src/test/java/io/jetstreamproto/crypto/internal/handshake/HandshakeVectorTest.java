package io.jetstreamproto.crypto.internal.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetstreamproto.crypto.internal.aead.AeadImplementation;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.kdf.Hkdf;
import io.jetstreamproto.crypto.internal.kdf.Sha256;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import io.jetstreamproto.crypto.internal.protection.PacketKey;
import io.jetstreamproto.crypto.internal.protection.TrafficSecret;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regenerates the deterministic handshake transcript in {@code docs/vectors/handshake-v1.json} (fixed randomness →
 * messages and derived keys) and compares it byte for byte. Run with {@code -Djsp.regenerateVectors=true} to rewrite
 * the file after an intentional protocol change.
 */
class HandshakeVectorTest {
    private static final Path FILE = Path.of("../docs/vectors/handshake-v1.json");
    private static final HexFormat HEX = HexFormat.of();

    /** Records every draw so that the vector lists the exact random inputs. */
    private static final class RecordingRandom implements RandomSource {
        final RandomSource inner;
        final List<byte[]> draws = new ArrayList<>();

        RecordingRandom(long seed) {
            inner = RandomSource.deterministicForTesting(seed);
        }

        @Override
        public void nextBytes(byte[] out) {
            inner.nextBytes(out);
            draws.add(out.clone());
        }
    }

    @Test
    void transcriptMatchesTheCommittedVector() throws Exception {
        String generated = generate();
        if (Boolean.getBoolean("jsp.regenerateVectors")) {
            Files.writeString(FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(FILE).exists();
        assertThat(generated).isEqualTo(Files.readString(FILE, StandardCharsets.UTF_8));
    }

    @Test
    void generationIsDeterministic() throws Exception {
        assertThat(generate()).isEqualTo(generate());
    }

    static String generate() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("description", "JetStreamProto v1 handshake (docs/PROTOCOL.md §4-5, §7.1) with fixed inputs. "
                + "Messages are complete handshake messages (type || u24 length || body); secrets and keys are hex.");
        byte[] edPrivate = Sha256.hash("JetStreamProto/1 test vector server key".getBytes(StandardCharsets.US_ASCII));
        ServerIdentity identity = ServerIdentity.fromPrivateKeys(edPrivate, null);
        byte[] odcid = HEX.parseHex("0001020304050607");
        byte[] clientTp = new byte[0]; // empty transport parameters mean "all defaults" (§8.9)
        byte[] serverTp = new byte[0];

        RecordingRandom clientRandom = new RecordingRandom(0x4A535031L);
        RecordingRandom serverRandom = new RecordingRandom(0x5345525645L);
        ClientHandshakeParams cp = new ClientHandshakeParams(List.of(ProtocolVersion.V1), ProtocolVersion.V1, 0,
                List.of(CipherSuite.CHACHA20_POLY1305_SHA256, CipherSuite.AES_256_GCM_SHA256), clientTp, null,
                ServerTrust.pinned(identity.publicKeys()), "vector.example:4433");
        ServerHandshakeParams sp = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                List.of(CipherSuite.AES_256_GCM_SHA256, CipherSuite.CHACHA20_POLY1305_SHA256), List.of(identity),
                PskStore.none(), serverTp);

        ClientHandshake client = ClientHandshake.start(cp, clientRandom);
        client.expectConnectionIds(odcid, null);
        byte[] ch = client.clientHello();
        Extensions ext = Extensions.empty().with(Extensions.ORIGINAL_DESTINATION_CID, odcid);
        ServerHandshake server = ServerHandshake.respond(sp, ch, ProtocolVersion.V1, ext, serverRandom);
        SessionSecrets hs = client.onServerHello(server.serverHello());
        client.onServerAuth(server.serverAuth());
        byte[] cf = client.onServerFinished(server.serverFinished());
        server.onClientFinished(cf);
        SessionSecrets app = client.takeApplicationSecrets();

        ObjectNode inputs = root.putObject("inputs");
        inputs.put("server_ed25519_private_key", HEX.formatHex(edPrivate));
        inputs.put("server_ed25519_public_key", HEX.formatHex(identity.publicKeys().ed25519()));
        inputs.put("original_destination_cid", HEX.formatHex(odcid));
        inputs.put("client_transport_parameters", HEX.formatHex(clientTp));
        inputs.put("client_mlkem768_seed_d_z", HEX.formatHex(clientRandom.draws.get(0)));
        inputs.put("client_x25519_private_key", HEX.formatHex(clientRandom.draws.get(1)));
        inputs.put("client_random", HEX.formatHex(clientRandom.draws.get(2)));
        inputs.put("server_mlkem768_encaps_m", HEX.formatHex(serverRandom.draws.get(0)));
        inputs.put("server_x25519_private_key", HEX.formatHex(serverRandom.draws.get(1)));
        inputs.put("server_random", HEX.formatHex(serverRandom.draws.get(2)));
        inputs.put("client_offered_suites", "0a01 0a02 (ChaCha20-Poly1305, AES-256-GCM)");
        inputs.put("server_suite_preference", "0a02 0a01 (the server picks AES-256-GCM)");

        ObjectNode messages = root.putObject("messages");
        messages.put("client_hello", HEX.formatHex(ch));
        messages.put("server_hello", HEX.formatHex(server.serverHello()));
        messages.put("server_auth", HEX.formatHex(server.serverAuth()));
        messages.put("server_finished", HEX.formatHex(server.serverFinished()));
        messages.put("client_finished", HEX.formatHex(cf));

        ObjectNode th = root.putObject("transcript_hashes");
        th.put("TH(CH||SH)", HEX.formatHex(KeySchedule.transcriptHash(ch, server.serverHello())));
        th.put("TH(CH..SF)", HEX.formatHex(KeySchedule.transcriptHash(ch, server.serverHello(), server.serverAuth(),
                server.serverFinished())));

        ObjectNode secrets = root.putObject("secrets");
        put(secrets, "c_hs", hs.client());
        put(secrets, "s_hs", hs.server());
        put(secrets, "c_ap_0", app.client());
        put(secrets, "s_ap_0", app.server());
        secrets.put("exporter", HEX.formatHex(app.exporter().bytes()));
        put(secrets, "c_ap_1 (after one key update)", app.client().next());

        ArrayNode packets = root.putArray("one_rtt_packets");
        ConnectionId serverCid = ConnectionId.of(HEX.parseHex("a0a1a2a3a4a5a6a7"));
        ConnectionId clientCid = ConnectionId.of(HEX.parseHex("b0b1b2b3b4b5b6b7"));
        packets.add(packet(json, "client to server, packet number 0", app.client(), serverCid, 0, "hello, server"));
        packets.add(packet(json, "server to client, packet number 7", app.server(), clientCid, 7, "hello, client"));
        return json.writeValueAsString(root) + "\n";
    }

    private static void put(ObjectNode node, String name, TrafficSecret secret) {
        byte[] s = secret.copyBytesForTesting();
        ObjectNode o = node.putObject(name);
        o.put("secret", HEX.formatHex(s));
        o.put("key", HEX.formatHex(Hkdf.expandLabel(s, "key", new byte[0], 32)));
        o.put("iv", HEX.formatHex(Hkdf.expandLabel(s, "iv", new byte[0], 12)));
    }

    private static ObjectNode packet(ObjectMapper json, String what, TrafficSecret secret, ConnectionId dcid, long pn,
            String text) {
        byte[] pt = text.getBytes(StandardCharsets.US_ASCII);
        PacketKey key = secret.packetKey(AeadImplementation.JDK);
        ByteBuf b = Unpooled.buffer();
        try {
            PacketCodec.writeShortHeader(b, false, dcid, pn);
            b.writeBytes(pt);
            b.writeZero(16);
            key.seal(pn, b, 0, ShortHeader.LENGTH, pt.length);
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(0, out);
            ObjectNode o = json.createObjectNode();
            o.put("what", what);
            o.put("plaintext_frames", HEX.formatHex(pt));
            o.put("nonce", HEX.formatHex(key.nonceForTesting(pn)));
            o.put("packet", HEX.formatHex(out));
            return o;
        } finally {
            b.release();
            key.destroy();
        }
    }
}
