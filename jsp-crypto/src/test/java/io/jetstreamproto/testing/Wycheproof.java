package io.jetstreamproto.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads Project Wycheproof JSON files from test resources ({@code /wycheproof/}). */
public final class Wycheproof {
    private Wycheproof() {}

    /** One test case with its group. */
    public record Case(JsonNode group, JsonNode test) {
        public int id() {
            return test.get("tcId").asInt();
        }

        public String result() {
            return test.get("result").asText();
        }

        public boolean hasFlag(String flag) {
            for (JsonNode f : test.path("flags")) {
                if (f.asText().equals(flag)) {
                    return true;
                }
            }
            return false;
        }

        public byte[] hex(String field) {
            return HexFormat.of().parseHex(test.get(field).asText());
        }

        public boolean has(String field) {
            return test.has(field);
        }

        public String describe() {
            return "tcId " + id() + " (" + test.path("comment").asText() + ", flags " + test.path("flags") + ")";
        }
    }

    /** Every test of every group of {@code file}, checking the file's declared test count. */
    public static List<Case> load(String file) {
        try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /wycheproof/" + file);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Case> cases = new ArrayList<>();
            for (JsonNode g : root.get("testGroups")) {
                for (JsonNode t : g.get("tests")) {
                    cases.add(new Case(g, t));
                }
            }
            if (cases.size() != root.get("numberOfTests").asInt()) {
                throw new IllegalStateException(file + ": found " + cases.size() + " tests, header says "
                        + root.get("numberOfTests").asInt());
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
