package dev.sferum.sdk.testkit.max.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON writing and parsing for the fake MAX; the mapper is immutable and thread-safe. */
final class MaxJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private MaxJson() {
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses JSON, or returns null when the bytes are not JSON. */
    static JsonNode parseOrNull(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            return null;
        }
    }
}
