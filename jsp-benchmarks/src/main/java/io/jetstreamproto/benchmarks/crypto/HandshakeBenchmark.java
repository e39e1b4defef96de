package io.jetstreamproto.benchmarks.crypto;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshake;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.Extensions;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshake;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost of the hybrid handshake at the message level (no I/O): the server's part (parse ClientHello, FIPS 203
 * key check, X25519, ML-KEM encapsulation, key schedule, signing, ClientFinished check) and a complete handshake
 * (both sides); the client's cost is the difference. Single-threaded, so 1e6 / (µs per server handshake) is the
 * handshakes per second one core can answer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeBenchmark {
    @Param({"false", "true"})
    public boolean hybridMlDsa;

    private RandomSource random;
    private ClientHandshakeParams clientParams;
    private ServerHandshakeParams serverParams;
    private final Extensions cidExtensions = Extensions.empty().with(Extensions.ORIGINAL_DESTINATION_CID, new byte[8]);
    private byte[][] clientHellos;
    private int next;

    @Setup
    public void setUp() {
        random = RandomSource.of(new SecureRandom());
        ServerIdentity identity = ServerIdentity.generate(random, hybridMlDsa);
        clientParams = new ClientHandshakeParams(List.of(ProtocolVersion.V1), ProtocolVersion.V1, 0,
                List.of(CipherSuite.AES_256_GCM_SHA256), new byte[0], null, ServerTrust.pinned(identity.publicKeys()),
                "bench:1");
        serverParams = new ServerHandshakeParams(List.of(ProtocolVersion.V1), List.of(CipherSuite.AES_256_GCM_SHA256),
                List.of(identity), PskStore.none(), new byte[0]);
        clientHellos = new byte[64][];
        for (int i = 0; i < clientHellos.length; i++) {
            clientHellos[i] = ClientHandshake.start(clientParams, random).clientHello();
        }
    }

    /** The server's work for one ClientHello (ClientFinished verification is a single HMAC and is left out). */
    @Benchmark
    public ServerHandshake serverHandshake() throws HandshakeException {
        byte[] ch = clientHellos[next++ & (clientHellos.length - 1)];
        ServerHandshake s = ServerHandshake.respond(serverParams, ch, ProtocolVersion.V1, cidExtensions, random);
        s.destroy();
        return s;
    }

    /** Both sides of a complete handshake. */
    @Benchmark
    public boolean fullHandshake() throws HandshakeException {
        ClientHandshake c = ClientHandshake.start(clientParams, random);
        c.expectConnectionIds(new byte[8], null);
        ServerHandshake s = ServerHandshake.respond(serverParams, c.clientHello(), ProtocolVersion.V1, cidExtensions,
                random);
        c.onServerHello(s.serverHello()).destroy();
        c.onServerAuth(s.serverAuth());
        s.onClientFinished(c.onServerFinished(s.serverFinished()));
        c.takeApplicationSecrets().destroy();
        s.takeApplicationSecrets().destroy();
        return s.isComplete();
    }
}
