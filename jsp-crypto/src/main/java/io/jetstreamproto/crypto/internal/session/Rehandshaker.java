package io.jetstreamproto.crypto.internal.session;

import io.jetstreamproto.crypto.internal.handshake.ClientHandshake;
import io.jetstreamproto.crypto.internal.handshake.ClientHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.HandshakeError;
import io.jetstreamproto.crypto.internal.handshake.HandshakeException;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessageType;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessages;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshake;
import io.jetstreamproto.crypto.internal.handshake.ServerHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.jetstreamproto.crypto.internal.identity.ServerPublicKeys;
import io.jetstreamproto.crypto.internal.packet.PacketFormatException;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import java.util.ArrayDeque;
import javax.security.auth.Destroyable;

/**
 * In-band re-handshake (docs/PROTOCOL.md §7.5, SR-21): the full handshake again, with fresh X25519 and ML-KEM
 * ephemerals and a new server signature, carried as generation-numbered byte streams inside the protected channel.
 * The current exporter secret is mixed in as PSK, binding the new keys to the old session. The new application
 * secrets become the next key phase: the server switches to them once it has verified ClientFinished and both key
 * phases are in sync, the client (which installed them on ServerFinished) follows on seeing the switch. Symmetric key updates are suspended meanwhile so that both sides install the new
 * secrets at the same phase.
 */
public final class Rehandshaker implements Destroyable {
    private static final int LIMIT = 16 * 1024;

    /**
     * A piece of re-handshake data to carry in a REHANDSHAKE frame.
     *
     * @param generation which re-handshake (1 for the first)
     * @param offset     offset of {@code data} in that generation's stream of this direction
     * @param data       the bytes
     */
    public record Chunk(int generation, long offset, byte[] data) {}

    private final boolean client;
    private final RandomSource random;
    private final ServerHandshakeParams serverParams;
    private final ArrayDeque<Chunk> outbox = new ArrayDeque<>();
    private int generation;
    private int completed;
    private long sendOffset;
    private CryptoReassembler inbound;
    private ClientHandshake clientHandshake;
    private ServerHandshake serverHandshake;
    private byte[] deferredClientHello;
    private SecretBytes currentExporterForServer;
    private SecretBytes newExporter;

    private Rehandshaker(boolean client, RandomSource random, ServerHandshakeParams serverParams) {
        this.client = client;
        this.random = random;
        this.serverParams = serverParams;
    }

    static Rehandshaker client(ClientSessionConfig config, RandomSource random) {
        return new Rehandshaker(true, random, null);
    }

    static Rehandshaker server(ServerHandshakeParams params, RandomSource random) {
        return new Rehandshaker(false, random, params);
    }

    /** Client: begins generation {@code completed + 1}. */
    boolean startClient(ClientHandshakeParams params, SecretBytes exporter, ServerPublicKeys serverKeys,
            PacketProtection protection) {
        if (clientHandshake != null || !protection.keyPhasesInSync()) {
            return false;
        }
        generation = completed + 1;
        sendOffset = 0;
        inbound = new CryptoReassembler(LIMIT);
        protection.suspendKeyUpdates(true);
        ClientHandshakeParams p = new ClientHandshakeParams(params.versions(), params.version(), 0,
                java.util.List.of(protection.suite()), params.transportParameters(), null, params.trust(),
                params.serverName());
        clientHandshake = ClientHandshake.startRehandshake(p, exporter, generation, serverKeys, random);
        send(clientHandshake.clientHello());
        return true;
    }

    /** Server: remembers the current exporter, from which the next re-handshake PSK is derived. */
    void setServerExporter(SecretBytes exporter) {
        if (currentExporterForServer != null) {
            currentExporterForServer.destroy();
        }
        currentExporterForServer = SecretBytes.copyOf(exporter.bytes());
    }

    private void send(byte[] bytes) {
        outbox.add(new Chunk(generation, sendOffset, bytes));
        sendOffset += bytes.length;
    }

    /** Data of generation {@code gen} from the peer; quiet for finished generations, fails on violations. */
    public void onData(int gen, long offset, byte[] data, PacketProtection protection) throws HandshakeException {
        if (gen <= completed) {
            return; // a retransmission of a finished re-handshake
        }
        if (gen != completed + 1) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "re-handshake generation skipped");
        }
        if (inbound == null || generation != gen) {
            if (client) {
                throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "server started a re-handshake");
            }
            generation = gen;
            sendOffset = 0;
            inbound = new CryptoReassembler(LIMIT);
        }
        try {
            inbound.add(offset, data, 0, data.length);
        } catch (PacketFormatException e) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, e.getMessage());
        }
        CryptoReassembler stream = inbound;
        for (byte[] msg = stream.nextMessage(); msg != null && inbound == stream; msg = stream.nextMessage()) {
            if (client) {
                clientMessage(msg, protection);
            } else {
                serverMessage(msg, protection);
            }
        }
        retryDeferred(protection);
    }

    private void clientMessage(byte[] msg, PacketProtection protection) throws HandshakeException {
        if (clientHandshake == null) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "no re-handshake in progress");
        }
        switch (HandshakeMessages.typeOf(msg)) {
            case SERVER_HELLO -> clientHandshake.onServerHello(msg).destroy(); // no handshake-level packets in-band
            case SERVER_AUTH -> clientHandshake.onServerAuth(msg);
            case SERVER_FINISHED -> {
                send(clientHandshake.onServerFinished(msg));
                install(clientHandshake.takeApplicationSecrets(), protection);
                clientHandshake.destroy();
                clientHandshake = null;
            }
            default -> throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "unexpected re-handshake message");
        }
    }

    private void serverMessage(byte[] msg, PacketProtection protection) throws HandshakeException {
        HandshakeMessageType type = HandshakeMessages.typeOf(msg);
        if (type == HandshakeMessageType.CLIENT_HELLO && serverHandshake == null && deferredClientHello == null) {
            deferredClientHello = msg;
        } else if (type == HandshakeMessageType.CLIENT_FINISHED && serverHandshake != null) {
            serverHandshake.onClientFinished(msg);
            install(serverHandshake.takeApplicationSecrets(), protection);
            serverHandshake.destroy();
            serverHandshake = null;
        } else {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "unexpected re-handshake message " + type);
        }
    }

    /** Server: answers a waiting ClientHello once no key update is in flight. Call after every packet. */
    void retryDeferred(PacketProtection protection) throws HandshakeException {
        if (client || deferredClientHello == null || !protection.keyPhasesInSync()) {
            return;
        }
        byte[] ch = deferredClientHello;
        deferredClientHello = null;
        protection.suspendKeyUpdates(true);
        serverHandshake = ServerHandshake.respondRehandshake(serverParams, ch, serverParams.supportedVersions().get(0),
                currentExporterForServer, generation, protection.suite(), random);
        serverHandshake.takeHandshakeSecrets().destroy();
        send(serverHandshake.serverHello());
        send(serverHandshake.serverAuth());
        send(serverHandshake.serverFinished());
    }

    private void install(SessionSecrets secrets, PacketProtection protection) {
        SecretBytes exp = SecretBytes.copyOf(secrets.exporter().bytes());
        protection.installRehandshakeSecrets(secrets);
        protection.suspendKeyUpdates(false); // the pending switch blocks updates until it happened
        if (newExporter != null) {
            newExporter.destroy();
        }
        newExporter = exp;
        if (!client) {
            setServerExporter(exp);
        }
        completed = generation;
        inbound = null;
    }

    /** The exporter of the latest completed re-handshake, once; ownership moves to the caller. */
    SecretBytes takeNewExporter() {
        SecretBytes e = newExporter;
        newExporter = null;
        return e;
    }

    Chunk poll() {
        return outbox.poll();
    }

    int completedGenerations() {
        return completed;
    }

    @Override
    public void destroy() {
        if (clientHandshake != null) {
            clientHandshake.destroy();
        }
        if (serverHandshake != null) {
            serverHandshake.destroy();
        }
        if (currentExporterForServer != null) {
            currentExporterForServer.destroy();
        }
        if (newExporter != null) {
            newExporter.destroy();
        }
    }

    @Override
    public boolean isDestroyed() {
        return clientHandshake == null && serverHandshake == null;
    }
}
