package io.jetstreamproto.crypto.internal.protection;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.handshake.SessionSecrets;
import io.netty.buffer.ByteBuf;

import javax.security.auth.Destroyable;

/**
 * Protection of 1-RTT packets in both directions (docs/PROTOCOL.md §7): AEAD with nonce = IV XOR packet number,
 * the header as associated data, a replay window updated only after authentication, symmetric key updates
 * signalled by the key-phase bit with a grace period for the previous receive key, an integrity limit per receive
 * key, and a hard stop before packet number 2^62.
 *
 * <p>Sending: {@link #beginPacket(long)} returns the packet number to write into the header (and may switch the
 * sending key first), {@link #sendKeyPhase()} the key-phase bit, then {@link #seal} protects the packet. Packet
 * numbers are strictly increasing and never reused, so a (key, nonce) pair never repeats — retransmissions and FEC
 * repair packets are new packets with new numbers (SR-17).
 *
 * <p>Not thread-safe: owned by one connection and used on its event loop.
 */
public final class PacketProtection implements Destroyable {
    private final ProtectionConfig config;
    private long phaseLifetimeNanos;
    private final boolean initiatesRehandshakeSwitch;
    private final boolean isClient;
    private final long keyUpdatePackets;
    private final ReplayWindow window;

    // sending
    private TrafficSecret sendSecret;
    private PacketKey sendKey;
    private boolean sendPhase;
    private long nextPacketNumber;
    private long sentInPhase;
    private long sendPhaseStart;
    private int sendKeyGeneration;
    private TrafficSecret pendingRehandshakeSend;

    // receiving
    private TrafficSecret recvSecret;
    private PacketKey recvKey;
    private boolean recvPhase;
    private TrafficSecret nextRecvSecret;
    private PacketKey nextRecvKey;
    private PacketKey previousRecvKey;
    private long previousRecvKeyDiscardAt = Long.MAX_VALUE;
    private boolean previousRecvKeyExpired;
    private long firstPnInRecvPhase;
    private boolean receivedInRecvPhase;
    private long authFailuresCurrentKey;
    private boolean integrityLimitReached;
    private int lastPlaintextLength;

    private boolean confirmed;
    private boolean updatesSuspended;
    private boolean destroyed;
    private SealObserver sealObserver;

    private long packetsSealed;
    private long packetsOpened;
    private long duplicatesDropped;
    private long tooOldDropped;
    private long authFailures;
    private long discardedKeyDrops;
    private long keyUpdatesSent;
    private long keyUpdatesReceived;

    /** Observes every seal; a test hook for nonce uniqueness (SR-17). */
    @FunctionalInterface
    public interface SealObserver {
        void sealed(int keyGeneration, byte[] nonce);
    }

    /**
     * @param secrets   the application secrets from the handshake; ownership moves here
     * @param isClient  which direction is ours: a client sends with {@code secrets.client()}
     * @param confirmed whether the handshake is already confirmed (server: yes; client: after HANDSHAKE_DONE)
     */
    public PacketProtection(SessionSecrets secrets, boolean isClient, ProtectionConfig config, boolean confirmed,
            long nowNanos) {
        this.config = config;
        this.initiatesRehandshakeSwitch = !isClient; // the server has verified ClientFinished when it switches
        this.isClient = isClient;
        CipherSuite suite = secrets.client().suite();
        this.keyUpdatePackets = suite == CipherSuite.AES_256_GCM_SHA256
                ? Math.min(config.keyUpdatePackets(), ProtectionConfig.AES_GCM_CONFIDENTIALITY_LIMIT)
                : config.keyUpdatePackets();
        this.window = new ReplayWindow(config.replayWindow());
        this.sendSecret = isClient ? secrets.client() : secrets.server();
        this.recvSecret = isClient ? secrets.server() : secrets.client();
        if (secrets.exporter() != null) {
            secrets.exporter().destroy(); // the session keeps its own copy; the record layer never needs it
        }
        this.sendKey = sendSecret.packetKey(config.aead());
        this.recvKey = recvSecret.packetKey(config.aead());
        this.nextRecvSecret = recvSecret.next();
        this.nextRecvKey = nextRecvSecret.packetKey(config.aead());
        this.sendPhaseStart = nowNanos;
        this.phaseLifetimeNanos = phaseLifetime(config, nowNanos);
        this.confirmed = confirmed;
    }

    /**
     * How long a sending key started at {@code nowNanos} lives: the configured interval less up to a quarter (never
     * more, so the interval stays a bound, SR-20). Connections opened together — a burst of handshakes — would
     * otherwise all re-key in the same instant, a burst of key derivations on both sides. The spread comes from a
     * mix of the start time (sans-IO: no random source here; not secret, and not the key material).
     */
    private static long phaseLifetime(ProtectionConfig config, long nowNanos) {
        long interval = config.keyUpdateInterval().toNanos();
        long h = nowNanos * 0x9E3779B97F4A7C15L; // SplitMix64's finalizer: nearby times map far apart
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return interval - Math.floorMod(h, interval / 4 + 1);
    }

    /** The cipher suite in use. */
    public CipherSuite suite() {
        return sendSecret.suite();
    }

    /** Marks the handshake confirmed; key updates may start afterwards. */
    public void confirm() {
        confirmed = true;
    }

    public boolean isConfirmed() {
        return confirmed;
    }

    /** Stops or resumes locally initiated key updates (during an in-band re-handshake). */
    public void suspendKeyUpdates(boolean suspended) {
        this.updatesSuspended = suspended;
    }

    /** Whether both directions are in the same key phase and the peer has sent in it (no update in flight). */
    public boolean keyPhasesInSync() {
        return sendPhase == recvPhase && receivedInRecvPhase && pendingRehandshakeSend == null;
    }

    /**
     * Returns the packet number of the next packet, first switching the sending key if an update is due
     * (packet count or age, SR-20) or a re-handshake's keys are waiting for the switch.
     *
     * @throws IllegalStateException when packet numbers are exhausted (2^62): the connection must close
     */
    public long beginPacket(long nowNanos) {
        checkLive();
        if (nextPacketNumber > ProtectionConfig.MAX_PACKET_NUMBER) {
            throw new IllegalStateException("packet numbers exhausted; the connection must be closed");
        }
        boolean inSync = sendPhase == recvPhase && receivedInRecvPhase;
        if (pendingRehandshakeSend != null) {
            if (initiatesRehandshakeSwitch && inSync) {
                rotateSend(nowNanos);
            }
        } else if (confirmed && !updatesSuspended && inSync
                && (sentInPhase >= keyUpdatePackets || nowNanos - sendPhaseStart >= phaseLifetimeNanos)) {
            rotateSend(nowNanos);
        }
        return nextPacketNumber;
    }

    /** Starts a key update now if one may start (tests and operators); returns whether it did. */
    public boolean initiateKeyUpdate(long nowNanos) {
        if (!confirmed || updatesSuspended || pendingRehandshakeSend != null || sendPhase != recvPhase
                || !receivedInRecvPhase) {
            return false;
        }
        rotateSend(nowNanos);
        return true;
    }

    /** The key-phase bit for the packet being built. */
    public boolean sendKeyPhase() {
        return sendPhase;
    }

    /** Whether another packet may be sent (false once packet numbers are exhausted). */
    public boolean canSend() {
        return !destroyed && nextPacketNumber <= ProtectionConfig.MAX_PACKET_NUMBER;
    }

    /**
     * Seals the packet numbered {@code pn} (the value {@link #beginPacket} returned) in place. The header
     * {@code [headerStart, payloadStart)} already carries {@code pn} and {@link #sendKeyPhase()}; the caller has
     * reserved 16 bytes after the payload for the tag.
     */
    public void seal(long pn, ByteBuf buf, int headerStart, int payloadStart, int payloadLength) {
        checkLive();
        if (pn != nextPacketNumber) {
            throw new IllegalArgumentException("packet number " + pn + " is not the next one (" + nextPacketNumber + ")");
        }
        if (sealObserver != null) {
            sealObserver.sealed(sendKeyGeneration, sendKey.nonceForTesting(pn));
        }
        sendKey.seal(pn, buf, headerStart, payloadStart, payloadLength);
        nextPacketNumber++;
        sentInPhase++;
        packetsSealed++;
    }

    /** Packet number the next {@link #beginPacket} will return (no side effects). */
    public long peekNextPacketNumber() {
        return nextPacketNumber;
    }

    /**
     * Authenticates and decrypts a 1-RTT packet in place.
     *
     * @param keyPhase         the header's key-phase bit
     * @param pn               the header's packet number
     * @param headerStart      absolute index of the header's first byte
     * @param payloadStart     absolute index of the ciphertext (just after the header)
     * @param ciphertextLength ciphertext bytes including the 16-byte tag
     * @return the outcome; on {@link OpenStatus#OK}, {@link #lastPlaintextLength()} bytes of plaintext start at
     *         {@code payloadStart}
     */
    public OpenStatus open(boolean keyPhase, long pn, ByteBuf buf, int headerStart, int payloadStart,
            int ciphertextLength, long nowNanos) {
        checkLive();
        if (integrityLimitReached) {
            return OpenStatus.INTEGRITY_LIMIT_REACHED;
        }
        ReplayWindow.Verdict verdict = window.check(pn);
        if (verdict == ReplayWindow.Verdict.DUPLICATE) {
            duplicatesDropped++;
            return OpenStatus.DUPLICATE;
        }
        if (verdict == ReplayWindow.Verdict.TOO_OLD) {
            tooOldDropped++;
            return OpenStatus.TOO_OLD;
        }
        expirePreviousKey(nowNanos);
        PacketKey key;
        boolean rotates = false;
        if (keyPhase == recvPhase) {
            key = recvKey;
        } else if (pn < firstPnInRecvPhase) {
            // Reordered packet from before the peer's last key update.
            if (previousRecvKey == null) {
                discardedKeyDrops++;
                return previousRecvKeyExpired ? OpenStatus.KEY_DISCARDED : OpenStatus.AUTHENTICATION_FAILED;
            }
            key = previousRecvKey;
        } else {
            key = nextRecvKey; // the peer may have updated; switch only if this authenticates (SR-20)
            rotates = true;
        }
        int n = key.open(pn, buf, headerStart, payloadStart, ciphertextLength);
        if (n < 0) {
            authFailures++;
            if (++authFailuresCurrentKey >= config.integrityLimit()) {
                integrityLimitReached = true;
                return OpenStatus.INTEGRITY_LIMIT_REACHED;
            }
            return OpenStatus.AUTHENTICATION_FAILED;
        }
        window.mark(pn);
        if (rotates) {
            rotateReceive(pn, nowNanos);
        } else if (key == recvKey) {
            if (!receivedInRecvPhase || pn < firstPnInRecvPhase) {
                firstPnInRecvPhase = receivedInRecvPhase ? Math.min(firstPnInRecvPhase, pn) : pn;
            }
            receivedInRecvPhase = true;
        }
        packetsOpened++;
        lastPlaintextLength = n;
        return OpenStatus.OK;
    }

    /** Plaintext length of the last successful {@link #open}. */
    public int lastPlaintextLength() {
        return lastPlaintextLength;
    }

    /**
     * Installs the secrets of a completed in-band re-handshake as the next key phase (SR-21). The server switches
     * to them at its next packet once key phases are in sync (it installs them only after ClientFinished verified,
     * so the client already has them); the client follows when it sees the switch.
     * Ownership of {@code secrets} moves here.
     */
    public void installRehandshakeSecrets(SessionSecrets secrets) {
        checkLive();
        if (secrets.exporter() != null) {
            secrets.exporter().destroy();
        }
        TrafficSecret newSend = isClient ? secrets.client() : secrets.server();
        TrafficSecret newRecv = isClient ? secrets.server() : secrets.client();
        if (pendingRehandshakeSend != null) {
            pendingRehandshakeSend.destroy();
        }
        pendingRehandshakeSend = newSend;
        nextRecvSecret.destroy();
        nextRecvKey.destroy();
        nextRecvSecret = newRecv;
        nextRecvKey = newRecv.packetKey(config.aead());
    }

    /** Whether re-handshake secrets are installed but not yet in use for sending. */
    public boolean rehandshakeSwitchPending() {
        return pendingRehandshakeSend != null;
    }

    private void rotateSend(long nowNanos) {
        TrafficSecret next = pendingRehandshakeSend != null ? pendingRehandshakeSend : sendSecret.next();
        pendingRehandshakeSend = null;
        sendKey.destroy();
        sendSecret.destroy();
        sendSecret = next;
        sendKey = next.packetKey(config.aead());
        sendPhase = !sendPhase;
        sentInPhase = 0;
        sendPhaseStart = nowNanos;
        phaseLifetimeNanos = phaseLifetime(config, nowNanos);
        sendKeyGeneration++;
        keyUpdatesSent++;
    }

    private void rotateReceive(long pn, long nowNanos) {
        if (previousRecvKey != null) {
            previousRecvKey.destroy();
        }
        previousRecvKey = recvKey;
        previousRecvKeyDiscardAt = nowNanos + config.oldKeyGrace().toNanos();
        previousRecvKeyExpired = false;
        recvSecret.destroy();
        recvSecret = nextRecvSecret;
        recvKey = nextRecvKey;
        recvPhase = !recvPhase;
        firstPnInRecvPhase = pn;
        receivedInRecvPhase = true;
        authFailuresCurrentKey = 0;
        nextRecvSecret = recvSecret.next();
        nextRecvKey = nextRecvSecret.packetKey(config.aead()); // precomputed: trial decryption timing stays flat
        keyUpdatesReceived++;
        if (sendPhase != recvPhase) {
            rotateSend(nowNanos); // answer the peer's update (or complete a re-handshake switch)
        }
    }

    private void expirePreviousKey(long nowNanos) {
        if (previousRecvKey != null && nowNanos - previousRecvKeyDiscardAt >= 0) {
            previousRecvKey.destroy();
            previousRecvKey = null;
            previousRecvKeyExpired = true;
            previousRecvKeyDiscardAt = Long.MAX_VALUE;
        }
    }

    /** When the previous receive key must be discarded, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        return previousRecvKey == null ? Long.MAX_VALUE : previousRecvKeyDiscardAt;
    }

    /** Discards the previous receive key once its grace period is over. */
    public void onTimeout(long nowNanos) {
        expirePreviousKey(nowNanos);
    }

    /** Whether the receive key hit the integrity limit (SR-22): the connection must close. */
    public boolean integrityLimitReached() {
        return integrityLimitReached;
    }

    public ProtectionStats stats() {
        return new ProtectionStats(packetsSealed, packetsOpened, duplicatesDropped, tooOldDropped, authFailures,
                discardedKeyDrops, keyUpdatesSent, keyUpdatesReceived);
    }

    /** Installs a seal observer (tests only). */
    public void setSealObserverForTesting(SealObserver observer) {
        this.sealObserver = observer;
    }

    /** Sets the next packet number (tests of the 2^62 limit only). */
    public void setNextPacketNumberForTesting(long pn) {
        this.nextPacketNumber = pn;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("packet protection destroyed");
        }
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        sendKey.destroy();
        sendSecret.destroy();
        recvKey.destroy();
        recvSecret.destroy();
        nextRecvKey.destroy();
        nextRecvSecret.destroy();
        if (previousRecvKey != null) {
            previousRecvKey.destroy();
        }
        if (pendingRehandshakeSend != null) {
            pendingRehandshakeSend.destroy();
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "PacketProtection[" + suite().displayName() + ", sendPhase=" + (sendPhase ? 1 : 0) + ", recvPhase="
                + (recvPhase ? 1 : 0) + ", nextPn=" + nextPacketNumber + "]";
    }

}
