package io.jetstreamproto.examples;

import io.jetstreamproto.crypto.aead.CipherSuite;
import io.jetstreamproto.crypto.aead.SuitePreference;
import io.jetstreamproto.crypto.handshake.PskStore;
import io.jetstreamproto.crypto.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.identity.KnownServers;
import io.jetstreamproto.crypto.identity.ServerIdentity;
import io.jetstreamproto.crypto.identity.ServerTrust;
import io.jetstreamproto.crypto.packet.ConnectionId;
import io.jetstreamproto.crypto.packet.PacketCodec;
import io.jetstreamproto.crypto.packet.ProtocolVersion;
import io.jetstreamproto.crypto.packet.ShortHeader;
import io.jetstreamproto.crypto.record.OpenStatus;
import io.jetstreamproto.crypto.record.PacketProtection;
import io.jetstreamproto.crypto.session.ClientInitial;
import io.jetstreamproto.crypto.session.ClientSession;
import io.jetstreamproto.crypto.session.ClientSessionConfig;
import io.jetstreamproto.crypto.session.InitialPacketGate;
import io.jetstreamproto.crypto.session.ServerSession;
import io.jetstreamproto.crypto.session.ServerSessionConfig;
import io.jetstreamproto.crypto.session.SessionState;
import io.jetstreamproto.crypto.token.RetryTokens;
import io.jetstreamproto.crypto.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main demo. Today it runs the secure session layer in one process: a client and a server complete the
 * hybrid X25519 + ML-KEM-768 handshake by exchanging real datagrams in memory, then protect messages both ways.
 * It prints what was negotiated. (It becomes a full UDP demo once the transport lands.)
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a client and a server in one process: handshake, then encrypted messages both ways.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--hybrid-auth", description = "Server authenticates with Ed25519 and ML-DSA-65 (default: Ed25519).")
    boolean hybrid;

    @Option(names = "--messages", description = "Messages to send each way (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int messages;

    @Override
    public Integer call() throws Exception {
        RandomSource random = RandomSource.of(new SecureRandom());
        ServerIdentity identity = ServerIdentity.generate(random, hybrid);
        ServerSessionConfig serverConfig = ServerSessionConfig.defaults(new ServerHandshakeParams(
                List.of(ProtocolVersion.V1), SuitePreference.hardwareDefault(), List.of(identity), PskStore.none(),
                new byte[0]));
        KnownServers known = KnownServers.inMemory();
        ClientSessionConfig clientConfig = ClientSessionConfig.defaults(ServerTrust.trustOnFirstUse(known),
                "demo-server:4433");
        InitialPacketGate gate = new InitialPacketGate(InitialPacketGate.Config.defaults(List.of(ProtocolVersion.V1)),
                RetryTokens.withDefaults(random, System.nanoTime()), random);

        System.out.println("JetStreamProto demo: in-process client and server");
        System.out.println("  server identity      " + identity.publicKeys().fingerprint() + " (" + identity.mode() + ")");
        System.out.println("  AES intrinsics       " + SuitePreference.hasAesIntrinsics() + " -> suite preference "
                + SuitePreference.hardwareDefault().stream().map(CipherSuite::displayName).toList());

        long t0 = System.nanoTime();
        ClientSession client = ClientSession.start(clientConfig, random, t0);
        ServerSession server = null;
        int datagrams = 0;
        long bytes = 0;
        for (int round = 0; round < 20 && !(client.state() == SessionState.CONFIRMED && server != null
                && server.state() == SessionState.CONFIRMED); round++) {
            for (byte[] d : drain(client)) {
                datagrams++;
                bytes += d.length;
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(d.length).writeBytes(d);
                try {
                    if (server == null) {
                        InitialPacketGate.Decision decision = gate.onDatagram(b, new byte[] {127, 0, 0, 1}, 50000,
                                false, System.nanoTime());
                        if (decision instanceof InitialPacketGate.Accept a) {
                            ClientInitial init = a.initial();
                            server = ServerSession.accept(serverConfig, init, ConnectionId.random(random), random,
                                    System.nanoTime());
                        }
                    } else {
                        server.handleDatagram(b, System.nanoTime());
                    }
                } finally {
                    b.release();
                }
            }
            if (server != null) {
                for (ByteBuf d = server.pollDatagram(PooledByteBufAllocator.DEFAULT); d != null;
                        d = server.pollDatagram(PooledByteBufAllocator.DEFAULT)) {
                    datagrams++;
                    bytes += d.readableBytes();
                    try {
                        client.handleDatagram(d, System.nanoTime());
                    } finally {
                        d.release();
                    }
                }
            }
        }
        long handshakeMicros = (System.nanoTime() - t0) / 1000;
        if (client.state() != SessionState.CONFIRMED || server == null) {
            System.err.println("handshake failed: " + client.failure());
            return 1;
        }
        System.out.println("  handshake            " + client.summary());
        System.out.println("  trust                " + client.summary().trust());
        System.out.println("  handshake datagrams  " + datagrams + " (" + bytes + " bytes), " + handshakeMicros
                + " µs in this process (both sides)");

        PacketProtection c = client.protection();
        PacketProtection s = server.protection();
        for (int i = 1; i <= messages; i++) {
            String up = "hello from the client #" + i;
            String down = "hello from the server #" + i;
            String got = roundTrip(c, s, client.remoteConnectionId(), up);
            String back = roundTrip(s, c, server.remoteConnectionId(), down);
            System.out.println("  client -> server     \"" + got + "\"");
            System.out.println("  server -> client     \"" + back + "\"");
        }
        System.out.println("  packets sealed       client " + c.stats().packetsSealed() + ", server "
                + s.stats().packetsSealed() + "; opened client " + c.stats().packetsOpened() + ", server "
                + s.stats().packetsOpened());
        client.destroy();
        server.destroy();
        identity.destroy();
        return 0;
    }

    private static List<byte[]> drain(ClientSession client) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf d = client.pollDatagram(PooledByteBufAllocator.DEFAULT); d != null;
                d = client.pollDatagram(PooledByteBufAllocator.DEFAULT)) {
            byte[] b = new byte[d.readableBytes()];
            d.readBytes(b);
            d.release();
            out.add(b);
        }
        return out;
    }

    private static String roundTrip(PacketProtection from, PacketProtection to, ConnectionId dcid, String text) {
        byte[] pt = text.getBytes(StandardCharsets.UTF_8);
        long now = System.nanoTime();
        long pn = from.beginPacket(now);
        ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(ShortHeader.LENGTH + pt.length + 16);
        try {
            PacketCodec.writeShortHeader(b, from.sendKeyPhase(), dcid, pn);
            b.writeBytes(pt).writeZero(16);
            from.seal(pn, b, 0, ShortHeader.LENGTH, pt.length);
            ShortHeader h = PacketCodec.readShortHeader(b);
            OpenStatus st = to.open(h.keyPhase(), h.packetNumber(), b, 0, ShortHeader.LENGTH,
                    b.writerIndex() - ShortHeader.LENGTH, now);
            if (st != OpenStatus.OK) {
                return "<" + st + ">";
            }
            return b.toString(ShortHeader.LENGTH, to.lastPlaintextLength(), StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }
}
