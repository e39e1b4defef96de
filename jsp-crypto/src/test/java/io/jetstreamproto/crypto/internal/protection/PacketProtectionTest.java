package io.jetstreamproto.crypto.internal.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jetstreamproto.crypto.internal.aead.CipherSuite;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacketProtectionTest {
    private static final long T0 = 5_000_000_000L;

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void sealsAndOpensBothWays(CipherSuite suite) {
        ProtectionPair p = new ProtectionPair(1, suite, ProtectionConfig.defaults(), T0);
        for (int i = 0; i < 100; i++) {
            byte[] m = new byte[i * 13];
            if (m.length > 0) {
                m[0] = (byte) i;
            }
            assertThat(p.open(p.server, p.seal(p.client, m, T0), T0)).isEqualTo(OpenStatus.OK);
            assertThat(p.lastPlaintext).isEqualTo(m);
            assertThat(p.open(p.client, p.seal(p.server, m, T0), T0)).isEqualTo(OpenStatus.OK);
        }
        // Reflection: a packet sealed by the client cannot be opened by the client (per-direction keys).
        assertThat(p.open(p.client, p.seal(p.client, new byte[] {1}, T0), T0))
                .isEqualTo(OpenStatus.AUTHENTICATION_FAILED);
    }

    @Test
    void noncesNeverRepeatOverAMillionPacketsAcrossKeyUpdates() { // SR-17
        ProtectionConfig cfg = ProtectionConfig.defaults().withKeyUpdate(50_000, Duration.ofDays(1));
        ProtectionPair p = new ProtectionPair(2, CipherSuite.AES_256_GCM_SHA256, cfg, T0);
        Set<ByteBuffer> seen = new HashSet<>(2_400_000);
        int[] duplicates = {0};
        p.client.setSealObserverForTesting((gen, nonce) -> {
            ByteBuffer key = ByteBuffer.allocate(16).putInt(gen).put(nonce).flip();
            if (!seen.add(key)) {
                duplicates[0]++;
            }
        });
        byte[] payload = new byte[8];
        for (int i = 0; i < 1_000_000; i++) {
            byte[] pkt = p.seal(p.client, payload, T0);
            if (i % 25_000 == 0) {
                // the peer answers now and then, so that key updates can proceed (they need a packet back)
                assertThat(p.open(p.server, pkt, T0)).isEqualTo(OpenStatus.OK);
                assertThat(p.open(p.client, p.seal(p.server, payload, T0), T0)).isEqualTo(OpenStatus.OK);
            }
        }
        assertThat(duplicates[0]).isZero();
        assertThat(seen).hasSize(1_000_000);
        assertThat(p.client.stats().keyUpdatesSent()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void duplicatesAreDroppedAndAForgedHugePacketNumberDoesNotMoveTheWindow() { // SR-18
        ProtectionPair p = new ProtectionPair(3, CipherSuite.CHACHA20_POLY1305_SHA256, ProtectionConfig.defaults(), T0);
        byte[] first = p.seal(p.client, new byte[] {1}, T0);
        assertThat(p.open(p.server, first, T0)).isEqualTo(OpenStatus.OK);
        assertThat(p.open(p.server, first, T0)).isEqualTo(OpenStatus.DUPLICATE);

        byte[] second = p.seal(p.client, new byte[] {2}, T0);
        byte[] forged = second.clone();
        // packet number field is bytes 9..16 of the short header: claim pn = 2^40
        ByteBuffer.wrap(forged, 9, 8).putLong(1L << 40);
        assertThat(p.open(p.server, forged, T0)).isEqualTo(OpenStatus.AUTHENTICATION_FAILED);
        assertThat(p.open(p.server, second, T0)).isEqualTo(OpenStatus.OK); // window did not jump
        assertThat(p.server.stats().duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void packetsOlderThanTheWindowAreDropped() { // SR-18
        ProtectionConfig cfg = ProtectionConfig.defaults().withReplayWindow(1024);
        ProtectionPair p = new ProtectionPair(4, CipherSuite.AES_256_GCM_SHA256, cfg, T0);
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            packets.add(p.seal(p.client, new byte[] {(byte) i}, T0));
        }
        assertThat(p.open(p.server, packets.get(1099), T0)).isEqualTo(OpenStatus.OK);
        assertThat(p.open(p.server, packets.get(1099 - 1023), T0)).isEqualTo(OpenStatus.OK); // H-(W-1)
        assertThat(p.open(p.server, packets.get(1099 - 1024), T0)).isEqualTo(OpenStatus.TOO_OLD); // H-W
        // reordering inside the window is fine, in any order
        for (int i = 1098; i > 1099 - 1023; i -= 7) {
            assertThat(p.open(p.server, packets.get(i), T0)).isEqualTo(OpenStatus.OK);
        }
    }

    @Test
    void flippingAnyHeaderBitMakesOpeningFail() { // SR-19
        ProtectionPair p = new ProtectionPair(5, CipherSuite.CHACHA20_POLY1305_SHA256, ProtectionConfig.defaults(), T0);
        for (int bit = 0; bit < ShortHeader.LENGTH * 8; bit++) {
            byte[] pkt = p.seal(p.client, new byte[] {7, 7, 7}, T0);
            byte[] tampered = ProtectionPair.flip(pkt, bit);
            OpenStatus st;
            try {
                st = p.open(p.server, tampered, T0);
            } catch (io.jetstreamproto.crypto.internal.packet.PacketFormatException e) {
                continue; // reserved or form bits: rejected while parsing, before any crypto
            }
            assertThat(st).as("bit %d", bit).isNotEqualTo(OpenStatus.OK);
            assertThat(p.open(p.server, pkt, T0)).as("bit %d original", bit).isEqualTo(OpenStatus.OK);
        }
    }

    @Test
    void keyUpdateByPacketCountWithGraceForReorderedOldPackets() { // SR-20
        ProtectionConfig cfg = ProtectionConfig.defaults().withKeyUpdate(100, Duration.ofDays(1))
                .withOldKeyGrace(Duration.ofSeconds(2));
        ProtectionPair p = new ProtectionPair(6, CipherSuite.AES_256_GCM_SHA256, cfg, T0);
        // the server must have sent in the current phase before the client may update
        assertThat(p.open(p.client, p.seal(p.server, new byte[] {0}, T0), T0)).isEqualTo(OpenStatus.OK);
        List<byte[]> oldPhase = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            oldPhase.add(p.seal(p.client, new byte[] {1}, T0));
        }
        assertThat(p.client.sendKeyPhase()).isFalse();
        byte[] firstNew = p.seal(p.client, new byte[] {2}, T0); // packet 101: update due
        assertThat(p.client.sendKeyPhase()).isTrue();
        assertThat(p.client.stats().keyUpdatesSent()).isEqualTo(1);

        assertThat(p.open(p.server, firstNew, T0)).isEqualTo(OpenStatus.OK);
        assertThat(p.server.stats().keyUpdatesReceived()).isEqualTo(1);
        assertThat(p.server.sendKeyPhase()).isTrue(); // answered the update
        // reordered old-phase packets are accepted within the grace period...
        assertThat(p.open(p.server, oldPhase.get(50), T0 + 1_000_000_000L)).isEqualTo(OpenStatus.OK);
        // ...and rejected after it
        assertThat(p.open(p.server, oldPhase.get(60), T0 + 2_000_000_001L)).isEqualTo(OpenStatus.KEY_DISCARDED);
        // traffic continues in the new phase both ways
        assertThat(p.open(p.client, p.seal(p.server, new byte[] {3}, T0), T0)).isEqualTo(OpenStatus.OK);
        assertThat(p.open(p.server, p.seal(p.client, new byte[] {4}, T0), T0)).isEqualTo(OpenStatus.OK);
    }

    @Test
    void keyUpdateByTime() { // SR-20
        ProtectionConfig cfg = ProtectionConfig.defaults().withKeyUpdate(1L << 40, Duration.ofSeconds(120));
        ProtectionPair p = new ProtectionPair(7, CipherSuite.CHACHA20_POLY1305_SHA256, cfg, T0);
        assertThat(p.open(p.client, p.seal(p.server, new byte[] {0}, T0), T0)).isEqualTo(OpenStatus.OK);
        // each key lives between 3/4 of the interval and the interval (spread, so connections do not re-key together)
        p.seal(p.client, new byte[] {1}, T0 + 89_000_000_000L);
        assertThat(p.client.sendKeyPhase()).isFalse();
        byte[] after = p.seal(p.client, new byte[] {1}, T0 + 120_000_000_000L);
        assertThat(p.client.sendKeyPhase()).isTrue();
        assertThat(p.open(p.server, after, T0 + 120_000_000_000L)).isEqualTo(OpenStatus.OK);
    }

    @Test
    void aForgedKeyPhaseFlipDoesNotSwitchKeys() { // SR-20
        ProtectionPair p = new ProtectionPair(8, CipherSuite.AES_256_GCM_SHA256, ProtectionConfig.defaults(), T0);
        byte[] pkt = p.seal(p.client, new byte[] {1}, T0);
        byte[] flipped = pkt.clone();
        flipped[0] ^= 0x04; // key-phase bit
        assertThat(p.open(p.server, flipped, T0)).isEqualTo(OpenStatus.AUTHENTICATION_FAILED);
        assertThat(p.server.stats().keyUpdatesReceived()).isZero();
        assertThat(p.open(p.server, pkt, T0)).isEqualTo(OpenStatus.OK);
        assertThat(p.server.sendKeyPhase()).isFalse();
    }

    @Test
    void noUpdateBeforeConfirmationOrWhileThePeerHasNotCaughtUp() {
        ProtectionConfig cfg = ProtectionConfig.defaults().withKeyUpdate(10, Duration.ofDays(1));
        ProtectionPair p = new ProtectionPair(9, CipherSuite.AES_256_GCM_SHA256, cfg, T0);
        for (int i = 0; i < 50; i++) {
            p.seal(p.client, new byte[] {1}, T0);
        }
        // nothing received from the server yet: no update may start
        assertThat(p.client.sendKeyPhase()).isFalse();
    }

    @Test
    void integrityLimitRetiresTheKey() { // SR-22
        ProtectionConfig cfg = ProtectionConfig.defaults().withIntegrityLimit(5);
        ProtectionPair p = new ProtectionPair(10, CipherSuite.CHACHA20_POLY1305_SHA256, cfg, T0);
        for (int i = 0; i < 4; i++) {
            byte[] bad = p.seal(p.client, new byte[] {1}, T0);
            bad[bad.length - 1] ^= 1;
            assertThat(p.open(p.server, bad, T0)).isEqualTo(OpenStatus.AUTHENTICATION_FAILED);
        }
        byte[] bad = p.seal(p.client, new byte[] {1}, T0);
        bad[bad.length - 1] ^= 1;
        assertThat(p.open(p.server, bad, T0)).isEqualTo(OpenStatus.INTEGRITY_LIMIT_REACHED);
        assertThat(p.server.integrityLimitReached()).isTrue();
        // even genuine packets are refused now: the connection must close
        assertThat(p.open(p.server, p.seal(p.client, new byte[] {1}, T0), T0))
                .isEqualTo(OpenStatus.INTEGRITY_LIMIT_REACHED);
    }

    @Test
    void sendingStopsBeforePacketNumberTwoToThe62() { // SR-22
        ProtectionPair p = new ProtectionPair(11, CipherSuite.AES_256_GCM_SHA256, ProtectionConfig.defaults(), T0);
        p.client.setNextPacketNumberForTesting(ProtectionConfig.MAX_PACKET_NUMBER);
        byte[] last = p.seal(p.client, new byte[] {1}, T0);
        assertThat(last).isNotEmpty();
        assertThat(p.client.canSend()).isFalse();
        assertThatThrownBy(() -> p.client.beginPacket(T0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exhausted");
    }

    @Test
    void sealRefusesAReusedPacketNumber() { // SR-17 structural guard
        ProtectionPair p = new ProtectionPair(12, CipherSuite.AES_256_GCM_SHA256, ProtectionConfig.defaults(), T0);
        p.seal(p.client, new byte[] {1}, T0);
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer(64).writeZero(40);
        try {
            assertThatThrownBy(() -> p.client.seal(0, buf, 0, 17, 7)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            buf.release();
        }
    }
}
