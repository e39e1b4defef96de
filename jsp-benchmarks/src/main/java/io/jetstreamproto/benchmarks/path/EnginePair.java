package io.jetstreamproto.benchmarks.path;

import io.jetstreamproto.core.internal.ConnectionConfig;
import io.jetstreamproto.core.internal.engine.ConnectionEngine;
import io.jetstreamproto.crypto.internal.aead.SuitePreference;
import io.jetstreamproto.crypto.internal.handshake.PskStore;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.identity.ServerTrust;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.session.ClientSessionConfig;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.security.SecureRandom;
import java.util.List;

/**
 * A client and a server engine joined in memory, handshake done, on a virtual clock: the server engine is made
 * through {@link io.jetstreamproto.core.internal.endpoint.DatagramEndpoint} once and then driven directly, so that a
 * benchmark measures one connection's path without the endpoint's demultiplexing.
 */
final class EnginePair {
    static final java.net.InetSocketAddress CLIENT_ADDRESS = new java.net.InetSocketAddress("10.0.0.1", 40000);
    static final java.net.InetSocketAddress SERVER_ADDRESS = new java.net.InetSocketAddress("10.0.0.2", 4433);
    final ConnectionEngine client;
    final ConnectionEngine server;
    private long now = 1_000_000_000L;

    private EnginePair(ConnectionEngine client, ConnectionEngine server) {
        this.client = client;
        this.server = server;
    }

    static EnginePair open(ConnectionConfig config) {
        RandomSource random = RandomSource.of(new SecureRandom());
        ServerIdentity identity = ServerIdentity.generate(random, false);
        var endpoint = io.jetstreamproto.core.internal.endpoint.DatagramEndpoint.server(config,
                new ServerHandshakeParams(List.of(ProtocolVersion.V1), SuitePreference.hardwareDefault(),
                        List.of(identity), PskStore.none(), new byte[0]),
                io.jetstreamproto.core.internal.endpoint.EndpointConfig.defaults()
                        .withRetryPolicy(io.jetstreamproto.core.internal.endpoint.EndpointConfig.RetryPolicy.NEVER),
                io.jetstreamproto.core.internal.endpoint.ConnectionIdLayout.single(), random, PooledByteBufAllocator.DEFAULT, 1_000_000_000L);
        ConnectionEngine client = ConnectionEngine.client(config,
                ClientSessionConfig.defaults(ServerTrust.pinned(identity.publicKeys()), "bench"), SERVER_ADDRESS, random,
                PooledByteBufAllocator.DEFAULT, 1_000_000_000L);
        java.net.InetSocketAddress address = CLIENT_ADDRESS;
        long t = 1_000_000_000L;
        for (int i = 0; i < 1000; i++) {
            for (ByteBuf d = client.pollTransmit(t); d != null; d = client.pollTransmit(t)) {
                try {
                    endpoint.handleDatagram(d, address, t);
                } finally {
                    d.release();
                }
            }
            endpoint.runHandshakesInline(t);
            for (ByteBuf od = endpoint.pollTransmit(t); od != null; od = endpoint.pollTransmit(t)) {
                try {
                    client.handleDatagram(od, SERVER_ADDRESS, t);
                } finally {
                    od.release();
                }
            }
            if (client.state() == ConnectionEngine.State.OPEN && !endpoint.connections().isEmpty()
                    && endpoint.connections().get(0).engine().state() == ConnectionEngine.State.OPEN) {
                EnginePair p = new EnginePair(client, endpoint.connections().get(0).engine());
                p.now = t;
                while (client.pollEvent() != null) {
                    // drained
                }
                return p;
            }
            t += 1_000_000L;
        }
        throw new IllegalStateException("handshake did not complete");
    }

    /** Advances the virtual clock by 10 µs and runs due timers; returns the new time. */
    long tick() {
        now += 10_000L;
        if (client.nextTimeoutNanos() <= now) {
            client.handleTimeout(now);
        }
        if (server.nextTimeoutNanos() <= now) {
            server.handleTimeout(now);
        }
        return now;
    }

    /** Everything the server has to send goes to the client. */
    void pumpServerToClient(long t) {
        for (ByteBuf d = server.pollTransmit(t); d != null; d = server.pollTransmit(t)) {
            try {
                client.handleDatagram(d, SERVER_ADDRESS, t);
            } finally {
                d.release();
            }
        }
        while (client.pollEvent() != null) {
            // drained
        }
        while (server.pollEvent() != null) {
            // drained
        }
    }
}
