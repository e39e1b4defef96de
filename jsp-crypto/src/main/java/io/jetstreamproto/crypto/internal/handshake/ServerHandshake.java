package io.jetstreamproto.crypto.internal.handshake;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.identity.AuthenticationMode;
import io.jetstreamproto.crypto.internal.identity.ServerIdentity;
import io.jetstreamproto.crypto.internal.kem.HybridKeyShare;
import io.jetstreamproto.crypto.internal.kem.InvalidKeyShareException;
import io.jetstreamproto.crypto.internal.protection.TrafficSecret;
import io.jetstreamproto.crypto.internal.util.ConstantTime;
import io.jetstreamproto.crypto.internal.util.RandomSource;
import io.jetstreamproto.crypto.internal.util.SecretBytes;
import io.jetstreamproto.crypto.internal.util.Secrets;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * The server's handshake at the message level (docs/PROTOCOL.md §5). {@link #respond} does all the expensive
 * work at once (ML-KEM encapsulation, X25519, signing) so that callers can run it off the event loop; the
 * resulting object then holds the server flight (ServerHello, ServerAuth, ServerFinished) and waits for
 * ClientFinished. Not thread-safe after construction.
 */
public final class ServerHandshake implements Destroyable {
    private enum State { WAIT_CLIENT_FINISHED, DONE, FAILED }

    /** Test hook (SR-16): sees each ephemeral key share so a test can check it was destroyed. */
    static volatile java.util.function.Consumer<Destroyable> ephemeralObserverForTesting;

    private final ClientHello clientHello;
    private final byte[] serverHello;
    private final byte[] serverAuth;
    private final byte[] serverFinished;
    private final CipherSuite suite;
    private final int version;
    private final ServerIdentity identity;
    private final byte[] expectedClientFinished;
    private SessionSecrets handshakeSecrets;
    private SessionSecrets applicationSecrets;
    private State state = State.WAIT_CLIENT_FINISHED;

    private ServerHandshake(ClientHello clientHello, byte[] serverHello, byte[] serverAuth, byte[] serverFinished,
            CipherSuite suite, int version, ServerIdentity identity, byte[] expectedClientFinished,
            SessionSecrets handshakeSecrets, SessionSecrets applicationSecrets) {
        this.clientHello = clientHello;
        this.serverHello = serverHello;
        this.serverAuth = serverAuth;
        this.serverFinished = serverFinished;
        this.suite = suite;
        this.version = version;
        this.identity = identity;
        this.expectedClientFinished = expectedClientFinished;
        this.handshakeSecrets = handshakeSecrets;
        this.applicationSecrets = applicationSecrets;
    }

    /**
     * Answers a ClientHello received in a packet of version {@code packetVersion}.
     *
     * @param connectionIdExtensions extensions confirming connection ids ({@link Extensions#ORIGINAL_DESTINATION_CID},
     *                               {@link Extensions#RETRY_SOURCE_CID}); empty for a re-handshake
     */
    public static ServerHandshake respond(ServerHandshakeParams params, byte[] clientHelloMessage, int packetVersion,
            Extensions connectionIdExtensions, RandomSource random) throws HandshakeException {
        return respond(params, clientHelloMessage, packetVersion, connectionIdExtensions, random, null, 0, null);
    }

    /**
     * Answers the ClientHello of an in-band re-handshake (SR-21): the PSK is derived from the current exporter,
     * the suite and identity stay the same.
     */
    public static ServerHandshake respondRehandshake(ServerHandshakeParams params, byte[] clientHelloMessage,
            int version, SecretBytes exporter, int generation, CipherSuite currentSuite, RandomSource random)
            throws HandshakeException {
        ServerHandshakeParams pinned = new ServerHandshakeParams(params.supportedVersions(), java.util.List.of(currentSuite),
                params.identities(), params.psks(), params.transportParameters());
        return respond(pinned, clientHelloMessage, version, Extensions.empty(), random,
                KeySchedule.rehandshakePsk(exporter.bytes(), generation), generation, currentSuite);
    }

    private static ServerHandshake respond(ServerHandshakeParams params, byte[] chMessage, int packetVersion,
            Extensions cidExtensions, RandomSource random, byte[] rehandshakePsk, int generation,
            CipherSuite requiredSuite) throws HandshakeException {
        // Cheap checks first: a strict parse and every negotiation decision before any public-key operation.
        ClientHello ch = ClientHello.decode(chMessage);
        if (!params.supportedVersions().contains(packetVersion)) {
            throw new HandshakeException(HandshakeError.UNSUPPORTED_VERSION, "version not supported");
        }
        if (ch.versions().get(0) != packetVersion) {
            throw new HandshakeException(HandshakeError.VERSION_DOWNGRADE,
                    "ClientHello's first version differs from the packet's version");
        }
        Optional<byte[]> attempted = ch.extensions().get(Extensions.ATTEMPTED_VERSION);
        if (attempted.isPresent()) {
            if (attempted.get().length != 4) {
                throw new HandshakeException(HandshakeError.MALFORMED_MESSAGE, "bad attempted_version");
            }
            int v = ((attempted.get()[0] & 0xFF) << 24) | ((attempted.get()[1] & 0xFF) << 16)
                    | ((attempted.get()[2] & 0xFF) << 8) | (attempted.get()[3] & 0xFF);
            if (params.supportedVersions().contains(v)) {
                // We would have accepted that version: the Version Negotiation the client saw was forged.
                throw new HandshakeException(HandshakeError.VERSION_DOWNGRADE,
                        "client was pushed off a version this server supports");
            }
        }
        byte[] rehandshakeExt = ch.extensions().get(Extensions.REHANDSHAKE).orElse(null);
        if ((rehandshakePsk != null) != (rehandshakeExt != null) || (rehandshakeExt != null
                && !ConstantTime.equals(rehandshakeExt, ClientHandshake.u32(generation)))) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "re-handshake marker mismatch");
        }
        CipherSuite suite = null;
        for (CipherSuite preferred : params.cipherSuitePreference()) {
            if (ch.cipherSuites().contains(preferred.id())) {
                suite = preferred;
                break;
            }
        }
        if (suite == null || (requiredSuite != null && suite != requiredSuite)) {
            throw new HandshakeException(HandshakeError.NO_COMMON_CIPHER_SUITE, "no cipher suite in common");
        }
        ServerIdentity identity = selectIdentity(params, ch.serverKeyId());
        byte[] psk = rehandshakePsk;
        if (psk == null && ch.pskId().length > 0) {
            psk = params.psks().lookup(ch.pskId()).orElseThrow(
                    () -> new HandshakeException(HandshakeError.UNKNOWN_PSK, "unknown pre-shared key id"));
        }
        HybridKeyShare.ServerKeyShare share = null;
        byte[] early = null;
        byte[] hs = null;
        byte[] cHs = null;
        byte[] sHs = null;
        byte[] master = null;
        try {
            try {
                share = HybridKeyShare.respond(ch.keyShare(), random); // FIPS 203 ek check happens first inside
                java.util.function.Consumer<Destroyable> observer = ephemeralObserverForTesting;
                if (observer != null) {
                    observer.accept(share);
                }
            } catch (InvalidKeyShareException e) {
                throw new HandshakeException(HandshakeError.INVALID_KEY_SHARE, e.getMessage());
            }
            Extensions ext = cidExtensions.with(Extensions.TRANSPORT_PARAMETERS, params.transportParameters());
            if (rehandshakeExt != null) {
                ext = ext.with(Extensions.REHANDSHAKE, rehandshakeExt);
            }
            byte[] sh = new ServerHello(random.nextBytes(ClientHello.RANDOM_LENGTH), packetVersion, suite.id(),
                    share.encoded(), ext).encode();
            early = KeySchedule.earlySecret(psk);
            hs = KeySchedule.handshakeSecret(early, share.secret());
            byte[] th = KeySchedule.transcriptHash(chMessage, sh);
            cHs = KeySchedule.deriveSecret(hs, "c hs traffic", th);
            sHs = KeySchedule.deriveSecret(hs, "s hs traffic", th);

            AuthenticationMode mode = identity.mode();
            byte[] edPub = identity.publicKeys().ed25519();
            byte[] mlPub = identity.publicKeys().mlDsa65().orElse(null);
            byte[] authParams = ServerAuth.authParameters(mode, edPub, mlPub);
            byte[] tbs = KeySchedule.serverSignatureInput(KeySchedule.transcriptHash(chMessage, sh, authParams));
            byte[] edSig = identity.signEd25519(tbs);
            byte[] mlSig = mode == AuthenticationMode.ED25519_MLDSA65 ? identity.signMlDsa65(tbs, random) : null;
            byte[] auth = new ServerAuth(mode, edPub, mlPub, edSig, mlSig).encode();

            byte[] sf = Finished.encode(HandshakeMessageType.SERVER_FINISHED,
                    KeySchedule.finishedMac(sHs, KeySchedule.transcriptHash(chMessage, sh, auth)));
            byte[] th4 = KeySchedule.transcriptHash(chMessage, sh, auth, sf);
            master = KeySchedule.masterSecret(hs);
            SessionSecrets app = new SessionSecrets(
                    new TrafficSecret(suite, KeySchedule.deriveSecret(master, "c ap traffic", th4)),
                    new TrafficSecret(suite, KeySchedule.deriveSecret(master, "s ap traffic", th4)),
                    SecretBytes.wrap(KeySchedule.deriveSecret(master, "exp master", th4)));
            byte[] expectedCf = KeySchedule.finishedMac(cHs, th4);
            SessionSecrets hsSecrets = new SessionSecrets(new TrafficSecret(suite, cHs.clone()),
                    new TrafficSecret(suite, sHs.clone()), null);
            return new ServerHandshake(ch, sh, auth, sf, suite, packetVersion, identity, expectedCf, hsSecrets, app);
        } finally {
            if (share != null) {
                share.destroy(); // ephemeral X25519 key and shared secrets (SR-16)
            }
            Secrets.wipe(early, hs, cHs, sHs, master, psk);
        }
    }

    private static ServerIdentity selectIdentity(ServerHandshakeParams params, byte[] keyId) throws HandshakeException {
        if (keyId.length == 0) {
            return params.identities().get(0);
        }
        for (ServerIdentity id : params.identities()) {
            if (ConstantTime.equals(id.publicKeys().keyId(), keyId)) {
                return id;
            }
        }
        throw new HandshakeException(HandshakeError.UNKNOWN_SERVER_KEY, "client asked for a server key we do not hold");
    }

    /** ServerHello, to be sent in Initial packets. */
    public byte[] serverHello() {
        return serverHello.clone();
    }

    /** ServerAuth, to be sent under handshake keys. */
    public byte[] serverAuth() {
        return serverAuth.clone();
    }

    /** ServerFinished, to be sent under handshake keys. */
    public byte[] serverFinished() {
        return serverFinished.clone();
    }

    /** Handshake traffic secrets, once; ownership moves to the caller. */
    public SessionSecrets takeHandshakeSecrets() {
        SessionSecrets s = handshakeSecrets;
        if (s == null) {
            throw new IllegalStateException("handshake secrets already taken");
        }
        handshakeSecrets = null;
        return s;
    }

    /** Verifies ClientFinished (constant-time). Only after this may application data be accepted (SR-14). */
    public void onClientFinished(byte[] message) throws HandshakeException {
        if (state != State.WAIT_CLIENT_FINISHED) {
            throw new HandshakeException(HandshakeError.UNEXPECTED_MESSAGE, "ClientFinished not expected in " + state);
        }
        byte[] verify;
        try {
            verify = Finished.decode(message, HandshakeMessageType.CLIENT_FINISHED);
        } catch (HandshakeException e) {
            state = State.FAILED;
            destroy();
            throw e;
        }
        if (!ConstantTime.equals(verify, expectedClientFinished)) {
            state = State.FAILED;
            destroy();
            throw new HandshakeException(HandshakeError.FINISHED_MISMATCH, "ClientFinished does not verify");
        }
        state = State.DONE;
    }

    public boolean isComplete() {
        return state == State.DONE;
    }

    /** The 1-RTT secrets, once, after ClientFinished verified; ownership moves to the caller. */
    public SessionSecrets takeApplicationSecrets() {
        if (state != State.DONE || applicationSecrets == null) {
            throw new IllegalStateException("application secrets not available");
        }
        SessionSecrets s = applicationSecrets;
        applicationSecrets = null;
        return s;
    }

    public ClientHello clientHello() {
        return clientHello;
    }

    public CipherSuite cipherSuite() {
        return suite;
    }

    public int version() {
        return version;
    }

    public ServerIdentity identity() {
        return identity;
    }

    /** The client's transport parameters. */
    public byte[] clientTransportParameters() {
        return clientHello.extensions().get(Extensions.TRANSPORT_PARAMETERS).orElse(new byte[0]);
    }

    @Override
    public void destroy() {
        if (handshakeSecrets != null) {
            handshakeSecrets.destroy();
            handshakeSecrets = null;
        }
        if (applicationSecrets != null) {
            applicationSecrets.destroy();
            applicationSecrets = null;
        }
        Secrets.wipe(expectedClientFinished);
    }

    @Override
    public boolean isDestroyed() {
        return handshakeSecrets == null && applicationSecrets == null;
    }

    @Override
    public String toString() {
        return "ServerHandshake[" + state + ", " + suite.displayName() + "]";
    }
}
