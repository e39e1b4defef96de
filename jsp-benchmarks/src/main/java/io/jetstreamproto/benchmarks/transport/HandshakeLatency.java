package io.jetstreamproto.benchmarks.transport;

import io.jetstreamproto.transport.ConnectionConfig;
import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshake;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.Extensions;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshake;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.transport.ServerIdentity;
import io.jetstreamproto.transport.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.transport.Connection;
import io.jetstreamproto.transport.Listener;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Figure 3: handshake latency, from {@link Connection#connectAsync} to the completion of its future, one handshake at
 * a time (each connection is closed, and its close awaited, outside the timed part). The same-run floor is the CPU
 * time of both sides' handshake cryptography without any I/O (what {@code HandshakeBenchmark.fullHandshake} measures).
 */
final class HandshakeLatency {
    private HandshakeLatency() {}

    static Json.Obj jsp(int warmup, int count) throws Exception {
        try (Listener server = Loopback.listen()) {
            server.onConnection(peer -> { }); // accepted and left alone; the client closes it
            ServerTrust trust = ServerTrust.pinned(server.publicKeys());
            ConnectionConfig config = ConnectionConfig.defaults();
            Histogram h = Loopback.nanosHistogram();
            for (int i = -warmup; i < count; i++) {
                long t0 = System.nanoTime();
                CompletableFuture<Connection> f = Connection.connectAsync(server.localAddress(), config, trust);
                Connection c = f.get(30, TimeUnit.SECONDS);
                long elapsed = System.nanoTime() - t0;
                if (i >= 0) {
                    h.recordValue(elapsed);
                }
                c.close();
                c.closeFuture().get(10, TimeUnit.SECONDS);
            }
            return Loopback.latency(h).put("server_handshakes", server.stats().toString());
        }
    }

    /** Both sides' handshake messages computed in one thread, no packets, no I/O: the cryptographic floor. */
    static Json.Obj cryptoOnly(int warmup, int count) throws Exception {
        RandomSource random = RandomSource.of(new SecureRandom());
        io.jetstreamproto.crypto.internal.identity.ServerIdentity identity =
                io.jetstreamproto.crypto.internal.identity.ServerIdentity.generate(random, false);
        ClientHandshakeParams clientParams = new ClientHandshakeParams(List.of(ProtocolVersion.V1),
                ProtocolVersion.V1, 0, List.of(CipherSuite.AES_256_GCM_SHA256), new byte[0], null,
                io.jetstreamproto.crypto.internal.identity.ServerTrust.pinned(identity.publicKeys()), "bench:1");
        ServerHandshakeParams serverParams = new ServerHandshakeParams(List.of(ProtocolVersion.V1),
                List.of(CipherSuite.AES_256_GCM_SHA256), List.of(identity), PskStore.none(), new byte[0]);
        Extensions cid = Extensions.empty().with(Extensions.ORIGINAL_DESTINATION_CID, new byte[8]);
        Histogram h = Loopback.nanosHistogram();
        for (int i = -warmup; i < count; i++) {
            long t0 = System.nanoTime();
            ClientHandshake c = ClientHandshake.start(clientParams, random);
            c.expectConnectionIds(new byte[8], null);
            ServerHandshake s = ServerHandshake.respond(serverParams, c.clientHello(), ProtocolVersion.V1, cid, random);
            c.onServerHello(s.serverHello()).destroy();
            c.onServerAuth(s.serverAuth());
            s.onClientFinished(c.onServerFinished(s.serverFinished()));
            c.takeApplicationSecrets().destroy();
            s.takeApplicationSecrets().destroy();
            long elapsed = System.nanoTime() - t0;
            if (!s.isComplete()) {
                throw new IllegalStateException("handshake did not complete");
            }
            if (i >= 0) {
                h.recordValue(elapsed);
            }
        }
        return Loopback.latency(h);
    }
}
