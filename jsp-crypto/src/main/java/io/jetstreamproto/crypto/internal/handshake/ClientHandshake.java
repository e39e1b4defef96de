package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.AuthenticationMode;
import io.jetstreamproto.crypto.internal.identity.ServerPublicKeys;
import io.jetstreamproto.crypto.internal.identity.TrustDecision;
import io.jetstreamproto.crypto.internal.kem.HybridKeyShare;
import io.jetstreamproto.crypto.internal.kem.InvalidKeyShareException;
import io.jetstreamproto.crypto.internal.protection.TrafficSecret;
import io.jetstreamproto.crypto.internal.sign.Ed25519;
import io.jetstreamproto.crypto.internal.sign.MlDsa65;
import io.jetstreamproto.crypto.internal.util.ConstantTime;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * The client's handshake state machine at the message level (docs/PROTOCOL.md §5): it produces ClientHello,
 * consumes ServerHello, ServerAuth and ServerFinished in that order, and produces ClientFinished. It knows
 * nothing of packets; {@code crypto.session} carries its messages. Not thread-safe.
 *
 * <p>Every failure is a {@link HandshakeException}; after one, the object is unusable and its secrets are wiped.
 */
public final class ClientHandshake implements Destroyable {
    private enum State { WAIT_SERVER_HELLO, WAIT_SERVER_AUTH, WAIT_SERVER_FINISHED, DONE, FAILED }

    private final ClientHandshakeParams params;
    private final byte[] clientHello;
    private final List<byte[]> transcript = new ArrayList<>(5);
    private final byte[] rehandshakePsk;
    private final int rehandshakeGeneration;
    private final ServerPublicKeys requiredServerKeys;
    private HybridKeyShare.ClientKeyShare keyShare;
    private State state = State.WAIT_SERVER_HELLO;
    private ServerHello serverHello;
    private CipherSuite suite;
    private byte[] handshakeSecret;
    private byte[] clientHandshakeSecret;
    private byte[] serverHandshakeSecret;
    private ServerPublicKeys serverKeys;
    private TrustDecision trustDecision;
    private SessionSecrets applicationSecrets;
    private byte[] expectedOriginalDcid;
    private byte[] expectedRetryScid;
    private boolean answeredBeforeRetry;

    private ClientHandshake(ClientHandshakeParams params, RandomSource random, byte[] rehandshakePsk, int generation,
            ServerPublicKeys requiredServerKeys) {
        this.params = params;
        this.rehandshakePsk = rehandshakePsk;
        this.rehandshakeGeneration = generation;
        this.requiredServerKeys = requiredServerKeys;
        this.keyShare = HybridKeyShare.generate(random);
        byte[] random32 = random.nextBytes(ClientHello.RANDOM_LENGTH);
        byte[] keyId = params.trust().keyIdToAnnounce(params.serverName()).orElse(new byte[0]);
        Extensions ext = Extensions.empty().with(Extensions.TRANSPORT_PARAMETERS, params.transportParameters());
        if (params.attemptedVersion() != 0) {
            ext = ext.with(Extensions.ATTEMPTED_VERSION, u32(params.attemptedVersion()));
        }
        if (rehandshakePsk != null) {
            ext = ext.with(Extensions.REHANDSHAKE, u32(generation));
        }
        List<Integer> suiteIds = params.cipherSuites().stream().map(CipherSuite::id).toList();
        // The attempted version goes first so that the server can check it matches the packet header.
        List<Integer> versions = new ArrayList<>(params.versions());
        versions.remove(Integer.valueOf(params.version()));
        versions.add(0, params.version());
        byte[] pskId = params.psk() == null ? new byte[0] : params.psk().id();
        this.clientHello = new ClientHello(random32, versions, suiteIds, keyShare.encoded(), keyId, pskId, ext).encode();
        transcript.add(clientHello);
    }

    /** Starts a handshake: generates the ephemeral X25519 and ML-KEM-768 keys and the ClientHello. */
    public static ClientHandshake start(ClientHandshakeParams params, RandomSource random) {
        return new ClientHandshake(params, random, null, 0, null);
    }

    /**
     * Starts an in-band re-handshake inside an established session (SR-21): fresh ephemerals, the current
     * exporter mixed in as PSK, and the same server key required.
     */
    public static ClientHandshake startRehandshake(ClientHandshakeParams params, SecretBytes exporter, int generation,
            ServerPublicKeys serverKeys, RandomSource random) {
        return new ClientHandshake(params, random, KeySchedule.rehandshakePsk(exporter.bytes(), generation), generation,
                serverKeys);
    }

    /** The encoded ClientHello (identical on every retransmission: the same ephemerals, SR-15). */
    public byte[] clientHello() {
        return clientHello.clone();
    }

    /**
     * The connection ids that ServerHello must confirm (docs/PROTOCOL.md §6.2): the destination id of the
     * client's first Initial and, after a Retry, the Retry's source id (null when there was none).
     */
    public void expectConnectionIds(byte[] originalDcid, byte[] retryScidOrNull) {
        this.expectedOriginalDcid = originalDcid.clone();
        this.expectedRetryScid = retryScidOrNull == null ? null : retryScidOrNull.clone();
    }

    /**
     * Processes ServerHello and returns the handshake traffic secrets (client, server), owned by the caller.
     */
    public SessionSecrets onServerHello(byte[] message) throws HandshakeException {
        expect(State.WAIT_SERVER_HELLO);
        try {
            ServerHello sh = ServerHello.decode(message);
            if (sh.version() != params.version()) {
                throw new HandshakeException(HandshakeError.UNSUPPORTED_VERSION, "server chose a version not attempted");
            }
            Optional<CipherSuite> chosen = CipherSuite.fromId(sh.cipherSuite());
            if (chosen.isEmpty() || !params.cipherSuites().contains(chosen.get())) {
                throw new HandshakeException(HandshakeError.NO_COMMON_CIPHER_SUITE, "server chose a suite not offered");
            }
            checkConnectionIds(sh.extensions());
            checkRehandshakeEcho(sh.extensions());
            byte[] shared;
            try {
                shared = keyShare.deriveSecret(sh.keyShare());
            } catch (InvalidKeyShareException e) {
                throw new HandshakeException(HandshakeError.INVALID_KEY_SHARE, e.getMessage());
            } finally {
                keyShare.destroy(); // ephemerals are single-use (SR-16)
                keyShare = null; // and their ≈ 5 KB (ML-KEM-768 key pair) go with the handshake
            }
            serverHello = sh;
            suite = chosen.get();
            transcript.add(message.clone());
            byte[] early = KeySchedule.earlySecret(pskBytes());
            try {
                handshakeSecret = KeySchedule.handshakeSecret(early, shared);
            } finally {
                Secrets.wipe(early, shared);
            }
            byte[] th = KeySchedule.transcriptHash(transcript.toArray(byte[][]::new));
            clientHandshakeSecret = KeySchedule.deriveSecret(handshakeSecret, "c hs traffic", th);
            serverHandshakeSecret = KeySchedule.deriveSecret(handshakeSecret, "s hs traffic", th);
            state = State.WAIT_SERVER_AUTH;
            return new SessionSecrets(new TrafficSecret(suite, clientHandshakeSecret.clone()),
                    new TrafficSecret(suite, serverHandshakeSecret.clone()), null);
        } catch (HandshakeException e) {
            throw fail(e);
        }
    }

    /** Verifies the server's signature(s) over the transcript and applies the trust policy. */
    public void onServerAuth(byte[] message) throws HandshakeException {
        expect(State.WAIT_SERVER_AUTH);
        try {
            ServerAuth auth = ServerAuth.decode(message);
            ServerPublicKeys keys = auth.mode() == AuthenticationMode.ED25519
                    ? ServerPublicKeys.ed25519(auth.ed25519PublicKey())
                    : ServerPublicKeys.hybrid(auth.ed25519PublicKey(), auth.mlDsaPublicKey());
            byte[] th = KeySchedule.transcriptHash(transcript.get(0), transcript.get(1), auth.authParameters());
            byte[] tbs = KeySchedule.serverSignatureInput(th);
            if (!Ed25519.verify(auth.ed25519PublicKey(), tbs, auth.ed25519Signature())) {
                throw new HandshakeException(HandshakeError.BAD_SIGNATURE, "Ed25519 signature does not verify");
            }
            if (auth.mode() == AuthenticationMode.ED25519_MLDSA65
                    && !MlDsa65.verify(auth.mlDsaPublicKey(), tbs, auth.mlDsaSignature())) {
                throw new HandshakeException(HandshakeError.BAD_SIGNATURE, "ML-DSA-65 signature does not verify");
            }
            if (requiredServerKeys != null) {
                if (!requiredServerKeys.equals(keys)) {
                    throw new HandshakeException(HandshakeError.UNTRUSTED_SERVER_KEY,
                            "server key changed during re-handshake");
                }
                trustDecision = TrustDecision.trust("same key as the session being re-keyed");
            } else {
                for (ServerPublicKeys expected : params.trust().expectedKeys(params.serverName())) {
                    if (expected.mode() == AuthenticationMode.ED25519_MLDSA65
                            && keys.mode() != AuthenticationMode.ED25519_MLDSA65) {
                        throw new HandshakeException(HandshakeError.AUTHENTICATION_MODE_MISMATCH,
                                "hybrid ML-DSA-65 authentication expected, server used " + keys.mode());
                    }
                }
                TrustDecision decision = params.trust().check(params.serverName(), keys);
                if (!decision.trusted()) {
                    throw new HandshakeException(HandshakeError.UNTRUSTED_SERVER_KEY, decision.reason());
                }
                trustDecision = decision;
            }
            serverKeys = keys;
            transcript.add(message.clone());
            state = State.WAIT_SERVER_FINISHED;
        } catch (HandshakeException e) {
            throw fail(e);
        }
    }

    /**
     * Verifies ServerFinished, derives the application secrets and returns ClientFinished to send. After this
     * {@link #takeApplicationSecrets()} gives the 1-RTT secrets.
     */
    public byte[] onServerFinished(byte[] message) throws HandshakeException {
        expect(State.WAIT_SERVER_FINISHED);
        try {
            byte[] verify = Finished.decode(message, HandshakeMessageType.SERVER_FINISHED);
            byte[] expected = KeySchedule.finishedMac(serverHandshakeSecret,
                    KeySchedule.transcriptHash(transcript.toArray(byte[][]::new)));
            if (!ConstantTime.equals(expected, verify)) {
                throw new HandshakeException(HandshakeError.FINISHED_MISMATCH, "ServerFinished does not verify");
            }
            transcript.add(message.clone());
            byte[] th = KeySchedule.transcriptHash(transcript.toArray(byte[][]::new));
            byte[] master = KeySchedule.masterSecret(handshakeSecret);
            try {
                applicationSecrets = new SessionSecrets(
                        new TrafficSecret(suite, KeySchedule.deriveSecret(master, "c ap traffic", th)),
                        new TrafficSecret(suite, KeySchedule.deriveSecret(master, "s ap traffic", th)),
                        SecretBytes.wrap(KeySchedule.deriveSecret(master, "exp master", th)));
            } finally {
                Secrets.wipe(master);
            }
            byte[] clientFinished = Finished.encode(HandshakeMessageType.CLIENT_FINISHED,
                    KeySchedule.finishedMac(clientHandshakeSecret, th));
            transcript.add(clientFinished);
            state = State.DONE;
            wipeHandshakeSecrets();
            return clientFinished.clone();
        } catch (HandshakeException e) {
            throw fail(e);
        }
    }

    /** The 1-RTT secrets, once; ownership moves to the caller. */
    public SessionSecrets takeApplicationSecrets() {
        if (state != State.DONE || applicationSecrets == null) {
            throw new IllegalStateException("application secrets not available");
        }
        SessionSecrets s = applicationSecrets;
        applicationSecrets = null;
        return s;
    }

    public boolean isComplete() {
        return state == State.DONE;
    }

    /** The negotiated suite (after ServerHello). */
    public CipherSuite cipherSuite() {
        return suite;
    }

    /** The negotiated version. */
    public int version() {
        return params.version();
    }

    /** The server's verified keys (after ServerAuth). */
    public ServerPublicKeys serverKeys() {
        return serverKeys;
    }

    /** Why the server key was trusted (after ServerAuth). */
    public TrustDecision trustDecision() {
        return trustDecision;
    }

    /** The server's transport parameters (after ServerHello). */
    public byte[] serverTransportParameters() {
        return serverHello == null ? null
                : serverHello.extensions().get(Extensions.TRANSPORT_PARAMETERS).orElse(new byte[0]);
    }

    /** The transcript so far, message by message (public bytes), for test vectors. */
    public List<byte[]> transcriptForTesting() {
        return transcript.stream().map(byte[]::clone).toList();
    }

    private void checkConnectionIds(Extensions ext) throws HandshakeException {
        if (expectedOriginalDcid == null) {
            return; // in-band re-handshake: no packets, no connection ids to confirm
        }
        byte[] odcid = ext.get(Extensions.ORIGINAL_DESTINATION_CID).orElse(null);
        if (odcid == null || !ConstantTime.equals(odcid, expectedOriginalDcid)) {
            throw new HandshakeException(HandshakeError.CONNECTION_ID_MISMATCH, "original destination id mismatch");
        }
        byte[] retry = ext.get(Extensions.RETRY_SOURCE_CID).orElse(null);
        if (retry == null && expectedRetryScid != null) {
            // We followed a Retry, but this ServerHello answers our first ClientHello: a copy of it reached the
            // server when it no longer asked for address validation (its Retry policy is per datagram, and the
            // Retry raced the copy). The ClientHello message is the same, so is the transcript the server signed;
            // take this answer and forget the Retry (an injected Retry gains nothing either). PROTOCOL.md §5.7.
            expectedRetryScid = null;
            answeredBeforeRetry = true;
            return;
        }
        if ((retry == null) != (expectedRetryScid == null)
                || (retry != null && !ConstantTime.equals(retry, expectedRetryScid))) {
            throw new HandshakeException(HandshakeError.CONNECTION_ID_MISMATCH, "retry source id mismatch");
        }
    }

    private void checkRehandshakeEcho(Extensions ext) throws HandshakeException {
        byte[] echo = ext.get(Extensions.REHANDSHAKE).orElse(null);
        boolean expected = rehandshakePsk != null;
        if (expected != (echo != null) || (echo != null && !ConstantTime.equals(echo, u32(rehandshakeGeneration)))) {
            throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "re-handshake generation not echoed");
        }
    }

    private byte[] pskBytes() {
        if (rehandshakePsk != null) {
            return rehandshakePsk;
        }
        return params.psk() == null ? null : params.psk().key().bytes();
    }

    private void expect(State s) throws HandshakeException {
        if (state != s) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "message not expected in state " + state);
        }
    }

    private HandshakeException fail(HandshakeException e) {
        state = State.FAILED;
        destroy();
        return e;
    }

    private void wipeHandshakeSecrets() {
        Secrets.wipe(handshakeSecret, rehandshakePsk, clientHandshakeSecret, serverHandshakeSecret);
    }

    static byte[] u32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Wipes every secret still held (ephemerals, handshake secrets, untaken application secrets). */
    @Override
    public void destroy() {
        if (keyShare != null) {
            keyShare.destroy();
        }
        wipeHandshakeSecrets();
        if (applicationSecrets != null) {
            applicationSecrets.destroy();
            applicationSecrets = null;
        }
    }

    /** Whether the server answered the ClientHello sent before a Retry that this client followed. */
    public boolean answeredBeforeRetry() {
        return answeredBeforeRetry;
    }

    /** Whether the ephemeral key share has been destroyed (SR-16 test hook). */
    public boolean ephemeralKeysDestroyed() {
        return keyShare == null || keyShare.isDestroyed();
    }

    @Override
    public boolean isDestroyed() {
        return ephemeralKeysDestroyed() && (handshakeSecret == null || isZero(handshakeSecret));
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    @Override
    public String toString() {
        return "ClientHandshake[" + state + "]";
    }
}
