package dev.sferum.sdk.testkit.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON building and parsing shared by the fake; the mappers are immutable and thread-safe. */
public final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Lenient reader for VKScript argument objects: unquoted names and single quotes, as VKScript allows. */
    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES, JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private Json() {
    }

    /** Returns a new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Returns a new empty array node. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Serializes a node as compact UTF-8 JSON. */
    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Serializes a node as compact JSON text. */
    public static String text(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses strict JSON, or returns null when the text is not JSON. */
    public static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Parses a VKScript object literal (JSON plus unquoted names and single quotes); throws on bad input. */
    static JsonNode parseLenient(String text) {
        return LENIENT.readTree(text);
    }

    /** Wraps a value in VK's success envelope {@code {"response": value}}. */
    public static ObjectNode response(JsonNode value) {
        ObjectNode root = object();
        root.set("response", value);
        return root;
    }
}
