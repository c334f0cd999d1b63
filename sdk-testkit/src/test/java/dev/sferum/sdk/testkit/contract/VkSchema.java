package dev.sferum.sdk.testkit.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates JSON against VK's own schema (the copy in test resources), for the keywords that schema uses:
 * {@code $ref}, {@code type}, {@code properties} with per-property {@code required: true} (and object-level
 * {@code required} arrays), {@code items}, {@code allOf}, {@code oneOf}/{@code anyOf}, {@code enum}. Unknown
 * properties are allowed, as VK adds fields over time.
 */
final class VkSchema {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final URI ROOT = URI.create("schema:/");

    private final Map<String, JsonNode> files = new HashMap<>();

    /**
     * Validates a value against a definition.
     *
     * @param value the JSON
     * @param ref   e.g. {@code messages/responses.json#/definitions/messages_getHistory_response}
     * @return problems, each with the JSON path; empty when valid
     */
    List<String> validate(JsonNode value, String ref) {
        List<String> problems = new ArrayList<>();
        check(value, resolve(ROOT, ref), "$", problems);
        return problems;
    }

    private record Located(URI file, JsonNode schema) {
    }

    private Located resolve(URI base, String ref) {
        int hash = ref.indexOf('#');
        String filePart = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        URI file = filePart.isEmpty() ? base : base.resolve(filePart);
        JsonNode root = files.computeIfAbsent(file.getPath(), VkSchema::load);
        JsonNode node = pointer.isEmpty() ? root : root.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalStateException("schema has no " + ref + " (from " + base + ")");
        }
        return new Located(file, node);
    }

    private static JsonNode load(String path) {
        String resource = "/vk-api-schema" + path;
        try (InputStream in = VkSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema file " + resource
                        + ": copy it from VKCOM/vk-api-schema into src/test/resources/vk-api-schema");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void check(JsonNode value, Located at, String path, List<String> problems) {
        JsonNode schema = at.schema();
        if (schema.has("$ref")) {
            check(value, resolve(at.file(), schema.get("$ref").asString()), path, problems);
        }
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) {
                check(value, new Located(at.file(), part), path, problems);
            }
        }
        for (String any : new String[] {"oneOf", "anyOf"}) {
            if (schema.has(any)) {
                boolean matched = false;
                List<String> reasons = new ArrayList<>();
                for (JsonNode option : schema.get(any)) {
                    List<String> attempt = new ArrayList<>();
                    check(value, new Located(at.file(), option), path, attempt);
                    if (attempt.isEmpty()) {
                        matched = true;
                        break;
                    }
                    reasons.addAll(attempt);
                }
                if (!matched) {
                    problems.add(path + ": matches none of " + any + " " + reasons);
                }
            }
        }
        if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
            problems.add(path + ": expected " + schema.get("type") + ", got " + value.getNodeType() + " " + value);
            return;
        }
        if (schema.has("enum") && value.isValueNode()) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                if (option.equals(value) || option.asString().equals(value.asString())) {
                    found = true;
                }
            }
            if (!found) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            checkObject(value, at, path, problems);
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(item, new Located(at.file(), schema.get("items")), path + "[" + i++ + "]", problems);
            }
        }
    }

    private void checkObject(JsonNode value, Located at, String path, List<String> problems) {
        JsonNode schema = at.schema();
        JsonNode properties = schema.path("properties");
        if (schema.path("required").isArray()) {
            for (JsonNode name : schema.get("required")) {
                if (!value.has(name.asString())) {
                    problems.add(path + ": required property " + name.asString() + " is missing");
                }
            }
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            String name = property.getKey();
            JsonNode propertySchema = property.getValue();
            if (!value.has(name)) {
                if (propertySchema.path("required").asBoolean(false)) {
                    problems.add(path + ": required property " + name + " is missing");
                }
                continue;
            }
            check(value.get(name), new Located(at.file(), propertySchema), path + "." + name, problems);
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(value, t)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asString()) {
            case "object":
                return value.isObject();
            case "array":
                return value.isArray();
            case "string":
                return value.isString();
            case "integer":
                return value.isIntegralNumber();
            case "number":
                return value.isNumber();
            case "boolean":
                return value.isBoolean();
            case "null":
                return value.isNull();
            default:
                return true;
        }
    }

    /** Paths (with JSON types) of the recorded value that the actual value lacks or types differently. */
    static List<String> missingShape(JsonNode recorded, JsonNode actual) {
        Map<String, Set<String>> expected = shape(recorded);
        Map<String, Set<String>> have = shape(actual);
        List<String> missing = new ArrayList<>();
        expected.forEach((path, types) -> {
            Set<String> got = have.get(path);
            if (got == null || !got.containsAll(types)) {
                missing.add(path + " " + types + (got == null ? " missing" : " but got " + got));
            }
        });
        return missing;
    }

    /** The JSON shape of a value: every path (arrays as {@code []}) with the JSON types seen there. */
    static Map<String, Set<String>> shape(JsonNode value) {
        Map<String, Set<String>> shape = new java.util.TreeMap<>();
        collect(value, "$", shape);
        return shape;
    }

    private static void collect(JsonNode value, String path, Map<String, Set<String>> shape) {
        String type = value.isNumber() ? "number" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        shape.computeIfAbsent(path, k -> new java.util.TreeSet<>()).add(type);
        if (value.isObject()) {
            value.properties().forEach(e -> collect(e.getValue(), path + "." + e.getKey(), shape));
        } else if (value.isArray()) {
            value.forEach(item -> collect(item, path + "[]", shape));
        }
    }
}
