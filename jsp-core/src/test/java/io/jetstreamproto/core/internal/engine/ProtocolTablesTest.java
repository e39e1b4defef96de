package io.jetstreamproto.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetstreamproto.core.internal.ProtocolError;
import io.jetstreamproto.core.internal.frame.FrameType;
import io.jetstreamproto.crypto.internal.packet.ShortHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SR-43 for the 1-RTT layer: docs/PROTOCOL.md's frame table, error codes and FEC constants match the code. */
class ProtocolTablesTest {
    private static List<String> protocol() throws IOException {
        return Files.readAllLines(Path.of("../docs/PROTOCOL.md"), StandardCharsets.UTF_8);
    }

    @Test
    void frameTableListsEveryFrameTypeWithItsCodeAndAckElicitingness() throws IOException {
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean in = false;
        for (String line : protocol()) {
            if (line.startsWith("### 8.1")) {
                in = true;
            } else if (line.startsWith("### ")) {
                in = false;
            } else if (in && line.startsWith("| 0x")) {
                String[] cells = line.split("\\|");
                rows.put(cells[2].trim(), new String[] {cells[1].trim(), cells[3].trim()});
            }
        }
        for (FrameType t : FrameType.values()) {
            String[] row = rows.get(t.name());
            assertThat(row).as("frame %s in §8.1", t).isNotNull();
            assertThat(row[0]).as("code of %s", t).startsWith(String.format("0x%02X", t.code()));
            assertThat(row[1]).as("ack-eliciting of %s", t).isEqualTo(t.ackEliciting() ? "yes" : "no");
        }
        assertThat(rows).hasSize(FrameType.values().length);
    }

    @Test
    void errorCodesAreListed() throws IOException {
        String text = String.join("\n", protocol()).replace("\n", " ");
        for (ProtocolError e : ProtocolError.values()) {
            String camel = java.util.Arrays.stream(e.name().toLowerCase(java.util.Locale.ROOT).split("_"))
                    .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).reduce("", String::concat);
            assertThat(text).as("%s in §8.7", e).contains(String.format("0x%X %s", e.code(), camel));
        }
    }

    @Test
    void fecConstantsMatch() throws IOException {
        Map<String, String> constants = new LinkedHashMap<>();
        for (String line : protocol()) {
            if (line.startsWith("| FEC") || line.startsWith("| LOSS_REPORT")) {
                String[] cells = line.split("\\|");
                constants.put(cells[1].trim(), cells[2].trim());
            }
        }
        assertThat(constants.get("FEC repair overhead per datagram"))
                .isEqualTo(String.valueOf(ShortHeader.LENGTH + FecLink.REPAIR_OVERHEAD + 16));
        assertThat(constants.get("LOSS_REPORT interval"))
                .isEqualTo(FecLink.REPORT_EVERY_PACKETS + " packet numbers");
    }
}
