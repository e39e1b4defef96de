package io.jetstreamproto.crypto.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.handshake.ClientHello;
import io.jetstreamproto.crypto.internal.protection.OpenStatus;
import io.jetstreamproto.crypto.internal.protection.PacketProtection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In-band re-handshake with fresh ephemerals (SR-21). */
class RehandshakeTest {

    @Test
    void freshEphemeralsNewKeysAndNoLossAcrossTheSwitch() throws Exception {
        HandshakeHarness h = HandshakeHarness.standard(21).start().run();
        PacketProtection c = h.client.protection();
        PacketProtection s = h.server.protection();
        byte[] firstShare = ClientHello.decode(
                h.client.handshakeForTesting().transcriptForTesting().get(0)).keyShare();
        // traffic in both directions so that key phases are in sync
        exchange(h, c, s, 0);
        assertThat(h.client.startRehandshake(h.now)).isTrue();
        assertThat(h.client.startRehandshake(h.now)).isFalse(); // one at a time

        List<byte[]> rehandshakeHellos = new ArrayList<>();
        int delivered = 0;
        int rounds = 0;
        for (int round = 0; round < 10 && h.server.rehandshakeGeneration() + h.client.rehandshakeGeneration() < 2;
                round++) {
            for (Rehandshaker.Chunk k = h.client.pollRehandshakeData(); k != null; k = h.client.pollRehandshakeData()) {
                if (k.offset() == 0) {
                    rehandshakeHellos.add(k.data());
                }
                h.server.handleRehandshakeData(k.generation(), k.offset(), k.data(), h.now);
            }
            for (Rehandshaker.Chunk k = h.server.pollRehandshakeData(); k != null; k = h.server.pollRehandshakeData()) {
                h.client.handleRehandshakeData(k.generation(), k.offset(), k.data(), h.now);
            }
            delivered += exchange(h, c, s, round * 100 + 1); // data keeps flowing during the re-handshake
            rounds++;
        }
        assertThat(h.client.rehandshakeGeneration()).isEqualTo(1);
        assertThat(h.server.rehandshakeGeneration()).isEqualTo(1);
        assertThat(h.client.state()).isEqualTo(SessionState.CONFIRMED);
        assertThat(h.server.state()).isEqualTo(SessionState.CONFIRMED);
        // fresh X25519 and ML-KEM public keys
        byte[] secondShare = ClientHello.decode(rehandshakeHellos.get(0)).keyShare();
        assertThat(java.util.Arrays.copyOfRange(secondShare, 0, 1184))
                .isNotEqualTo(java.util.Arrays.copyOfRange(firstShare, 0, 1184));
        assertThat(java.util.Arrays.copyOfRange(secondShare, 1184, 1216))
                .isNotEqualTo(java.util.Arrays.copyOfRange(firstShare, 1184, 1216));
        // both switched to the new key phase, and every packet sent was delivered (lossless link)
        exchange(h, c, s, 5000);
        assertThat(s.sendKeyPhase()).isTrue();
        assertThat(c.sendKeyPhase()).isTrue();
        assertThat(delivered).isEqualTo(6 * rounds);
        assertThat(s.stats().authFailures()).isZero();
        assertThat(c.stats().authFailures()).isZero();
        // and a second re-handshake works too
        assertThat(h.client.startRehandshake(h.now)).isTrue();
    }

    /** Sends three packets each way and opens them; returns how many opened. */
    private static int exchange(HandshakeHarness h, PacketProtection c, PacketProtection s, int tag) {
        int ok = 0;
        for (int i = 0; i < 3; i++) {
            byte[] m = {(byte) tag, (byte) i};
            if (OneRtt.open(s, OneRtt.seal(c, h.client.remoteConnectionId(), m, h.now), h.now).status() == OpenStatus.OK) {
                ok++;
            }
            if (OneRtt.open(c, OneRtt.seal(s, h.server.remoteConnectionId(), m, h.now), h.now).status() == OpenStatus.OK) {
                ok++;
            }
        }
        return ok;
    }
}
