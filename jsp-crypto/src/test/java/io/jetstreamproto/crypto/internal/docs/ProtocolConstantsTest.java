package io.jetstreamproto.crypto.internal.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.crypto.internal.handshake.ClientHandshakeParams;
import io.jetstreamproto.crypto.internal.handshake.ClientHello;
import io.jetstreamproto.crypto.internal.handshake.Extensions;
import io.jetstreamproto.crypto.internal.handshake.HandshakeMessages;
import io.jetstreamproto.crypto.internal.handshake.KeySchedule;
import io.jetstreamproto.crypto.internal.kdf.Hkdf;
import io.jetstreamproto.crypto.internal.kem.HybridKeyShare;
import io.jetstreamproto.crypto.internal.packet.ConnectionId;
import io.jetstreamproto.crypto.internal.packet.PacketCodec;
import io.jetstreamproto.crypto.internal.packet.ProtocolVersion;
import io.jetstreamproto.crypto.internal.packet.RetryPacket;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import io.jetstreamproto.crypto.internal.protection.ProtectionConfig;
import io.jetstreamproto.crypto.internal.protection.ReplayWindow;
import io.jetstreamproto.crypto.internal.session.HandshakeTimers;
import io.jetstreamproto.crypto.internal.session.InitialPacketGate;
import io.jetstreamproto.crypto.internal.token.AmplificationLimiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SR-43: the constants table of docs/PROTOCOL.md §9 matches the code. */
class ProtocolConstantsTest {

    @Test
    void documentedConstantsMatchTheCode() throws IOException {
        Map<String, String> doc = table();
        ProtectionConfig p = ProtectionConfig.defaults();
        HandshakeTimers t = HandshakeTimers.defaults();
        InitialPacketGate.Config gate = InitialPacketGate.Config.defaults(List.of(ProtocolVersion.V1));
        Map<String, String> code = new LinkedHashMap<>();
        code.put("version 1", "0x" + Integer.toHexString(ProtocolVersion.V1).toUpperCase(java.util.Locale.ROOT)
                + " (\"JSP1\")");
        code.put("CID length", String.valueOf(ConnectionId.LENGTH));
        code.put("max CID length (long header)", String.valueOf(ConnectionId.MAX_LENGTH));
        code.put("min client ODCID length", String.valueOf(ConnectionId.MIN_INITIAL_DCID_LENGTH));
        code.put("short header length", String.valueOf(ShortHeader.LENGTH));
        code.put("max token length", String.valueOf(PacketCodec.MAX_TOKEN_LENGTH));
        code.put("Retry tag length", String.valueOf(RetryPacket.TAG_LENGTH));
        code.put("ClientHello key share", HybridKeyShare.CLIENT_SHARE_LENGTH + " (1184 + 32)");
        code.put("ServerHello key share", HybridKeyShare.SERVER_SHARE_LENGTH + " (1088 + 32)");
        code.put("random", String.valueOf(ClientHello.RANDOM_LENGTH));
        code.put("max handshake message", String.valueOf(HandshakeMessages.MAX_MESSAGE_LENGTH));
        code.put("max extensions block", String.valueOf(Extensions.MAX_TOTAL_LENGTH));
        code.put("max transport parameters", String.valueOf(ClientHandshakeParams.MAX_TRANSPORT_PARAMETERS));
        code.put("max PSK id", String.valueOf(ClientHello.MAX_PSK_ID_LENGTH));
        code.put("label prefix", "\"" + Hkdf.JSP_LABEL_PREFIX + "\"");
        code.put("transcript prefix", "\"" + KeySchedule.PROTOCOL_ID + "\"");
        code.put("signature context", "\"" + KeySchedule.SERVER_SIGNATURE_CONTEXT + "\"");
        code.put("replay window default / minimum", ReplayWindow.DEFAULT_SIZE + " / " + ReplayWindow.MIN_SIZE);
        code.put("old key grace", p.oldKeyGrace().toSeconds() + " s");
        code.put("integrity limit", "2^" + Long.numberOfTrailingZeros(p.integrityLimit()));
        code.put("max packet number", "2^" + (64 - Long.numberOfLeadingZeros(ProtectionConfig.MAX_PACKET_NUMBER))
                + " − 1");
        code.put("anti-amplification factor", String.valueOf(AmplificationLimiter.FACTOR));
        code.put("handshake timers", t.initialRetransmit().toMillis() + " ms initial, " + t.maxRetransmit().toSeconds()
                + " s max, " + t.handshakeTimeout().toSeconds() + " s total");
        code.put("gate limits", gate.maxPending() + " partial CH, " + gate.maxClientHello() + " B each, "
                + gate.reassemblyTimeout().toSeconds() + " s");
        code.put("key update default", "2^" + Long.numberOfTrailingZeros(p.keyUpdatePackets()) + " packets or "
                + p.keyUpdateInterval().toSeconds() + " s (AES-GCM ≤ 2^"
                + Long.numberOfTrailingZeros(ProtectionConfig.AES_GCM_CONFIDENTIALITY_LIMIT) + ")");
        for (Map.Entry<String, String> e : code.entrySet()) {
            assertThat(doc).as("PROTOCOL.md §9 row '%s'", e.getKey()).containsEntry(e.getKey(), e.getValue());
        }
        assertThat(FlightEncoderAccess.minInitialDatagram()).isEqualTo(Integer.parseInt(doc.get("min Initial datagram")));
    }

    /** Reads the two-column table of §9. */
    private static Map<String, String> table() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../docs/PROTOCOL.md"), StandardCharsets.UTF_8);
        Map<String, String> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## 9.")) {
                inSection = true;
            } else if (line.startsWith("## ")) {
                inSection = false;
            } else if (inSection && line.startsWith("| ") && !line.startsWith("| constant") && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                rows.put(cells[1].trim(), cells[2].trim());
            }
        }
        assertThat(rows).hasSizeGreaterThan(25);
        return rows;
    }
}
