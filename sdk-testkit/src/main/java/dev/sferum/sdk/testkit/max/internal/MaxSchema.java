package dev.sferum.sdk.testkit.max.internal;

import dev.sferum.sdk.testkit.StrictViolation;
import dev.sferum.sdk.testkit.StrictViolation.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * MAX's Bot API as its OpenAPI describes it ({@code max-bot-api-schema/openapi.json}: the paths and schemas of the
 * official {@code schema.yaml}, as JSON, with its Apache 2.0 licence), for strict mode: checks one request's query and
 * path parameters (known, required, type, limits, enum values) and JSON body (required keys, types, enum values,
 * lengths, item counts, {@code allOf} and discriminated attachment types) against its operation. Loaded once per JVM
 * on first use rather than generated at build time, so the copied schema stays the only source. Immutable.
 *
 * <p>Unlisted body keys are accepted, as OpenAPI allows unless {@code additionalProperties} is false; unlisted query
 * parameters are refused, as the VK fake refuses unlisted parameters.
 */
final class MaxSchema {

    private static final String RESOURCE = "max-bot-api-schema/openapi.json";
    private static final MaxSchema INSTANCE = load();

    private final JsonNode root;

    private MaxSchema(JsonNode root) {
        this.root = root;
    }

    static MaxSchema get() {
        return INSTANCE;
    }

    /**
     * @param operation  such as {@code POST /messages}
     * @param pathValues path template values by name
     * @param query      query parameters
     * @param body       the JSON body, or null when none was sent
     * @return the first rule the request breaks, if any
     */
    Optional<StrictViolation> check(String operation, Map<String, String> pathValues, Map<String, String> query,
            JsonNode body) {
        int space = operation.indexOf(' ');
        JsonNode op = root.path("paths").path(operation.substring(space + 1))
                .path(operation.substring(0, space).toLowerCase(Locale.ROOT));
        if (op.isMissingNode()) {
            return Optional.empty();
        }
        List<String> known = new ArrayList<>();
        known.add("access_token"); // the schema's security scheme names it as a query parameter
        for (JsonNode param : op.path("parameters")) {
            String name = param.path("name").asString();
            String in = param.path("in").asString();
            known.add(name);
            String value = in.equals("path") ? pathValues.get(name) : in.equals("query") ? query.get(name) : null;
            if (!in.equals("path") && !in.equals("query")) {
                continue;
            }
            if (value == null) {
                if (param.path("required").asBoolean(false)) {
                    return violation(operation, name, Rule.MISSING_REQUIRED, name + ": is required");
                }
                continue;
            }
            String problem = queryProblem(value, resolve(param.path("schema")));
            if (problem != null) {
                return violation(operation, name, Rule.INVALID_VALUE, name + ": " + problem);
            }
        }
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                return violation(operation, name, Rule.UNKNOWN_PARAMETER,
                        name + ": is not a parameter of " + operation);
            }
        }
        JsonNode requestBody = op.path("requestBody");
        if (requestBody.isMissingNode()) {
            return Optional.empty();
        }
        if (body == null) {
            return requestBody.path("required").asBoolean(false)
                    ? violation(operation, "body", Rule.MISSING_REQUIRED, "body: is required")
                    : Optional.empty();
        }
        JsonNode schema = requestBody.path("content").path("application/json").path("schema");
        Problem problem = bodyProblem(body, schema, "body", Collections.newSetFromMap(new IdentityHashMap<>()));
        return problem == null ? Optional.empty()
                : violation(operation, problem.path(), problem.rule(), problem.path() + ": " + problem.text());
    }

    private record Problem(String path, Rule rule, String text) {
    }

    private static Optional<StrictViolation> violation(String operation, String parameter, Rule rule, String message) {
        return Optional.of(new StrictViolation(operation, parameter, rule, message));
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 16 && s.has("$ref"); i++) {
            String ref = s.path("$ref").asString();
            s = root.at(ref.substring(1));
        }
        return s;
    }

    private static String typeOf(JsonNode schema) {
        if (schema.has("type")) {
            return schema.path("type").asString();
        }
        return schema.has("properties") ? "object" : "";
    }

    private String queryProblem(String value, JsonNode schema) {
        switch (typeOf(schema)) {
            case "integer": {
                long n;
                try {
                    n = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return "must be an integer, got " + value;
                }
                return range(n, schema);
            }
            case "boolean":
                return value.equals("true") || value.equals("false") ? null : "must be true or false, got " + value;
            case "array": {
                JsonNode items = resolve(schema.path("items"));
                for (String item : value.split(",", -1)) {
                    String problem = queryProblem(item, items);
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            default:
                return stringProblem(value, schema);
        }
    }

    private static String range(long n, JsonNode schema) {
        if (schema.has("minimum") && n < schema.path("minimum").asLong()) {
            return "must be at least " + schema.path("minimum").asLong() + ", got " + n;
        }
        if (schema.has("maximum") && n > schema.path("maximum").asLong()) {
            return "must be at most " + schema.path("maximum").asLong() + ", got " + n;
        }
        return null;
    }

    private static String stringProblem(String value, JsonNode schema) {
        int length = value.codePointCount(0, value.length());
        if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
            return "size must be at least " + schema.path("minLength").asInt();
        }
        if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
            return "size must be between 0 and " + schema.path("maxLength").asInt();
        }
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(v -> values.add(v.asString()));
            if (!values.contains(value)) {
                return "must be one of " + values + ", got " + value;
            }
        }
        return null;
    }

    private Problem bodyProblem(JsonNode node, JsonNode declared, String path, Set<JsonNode> dispatching) {
        JsonNode schema = resolve(declared);
        if (node.isNull()) {
            return schema.path("nullable").asBoolean(false) || declared.path("nullable").asBoolean(false) ? null
                    : new Problem(path, Rule.INVALID_VALUE, "must not be null");
        }
        for (JsonNode part : schema.path("allOf")) {
            Problem problem = bodyProblem(node, part, path, dispatching);
            if (problem != null) {
                return problem;
            }
        }
        JsonNode discriminator = schema.path("discriminator");
        if (!discriminator.isMissingNode() && node.isObject() && !dispatching.contains(schema)) {
            String property = discriminator.path("propertyName").asString();
            JsonNode value = node.path(property);
            if (value.isString()) {
                JsonNode mapped = discriminator.path("mapping").path(value.asString());
                if (mapped.isMissingNode()) {
                    List<String> types = new ArrayList<>();
                    discriminator.path("mapping").propertyNames().forEach(types::add);
                    return new Problem(path + "." + property, Rule.INVALID_VALUE,
                            "must be one of " + types + ", got " + value.asString());
                }
                dispatching.add(schema);
                try {
                    Problem problem = bodyProblem(node, root.at(mapped.asString().substring(1)), path, dispatching);
                    if (problem != null) {
                        return problem;
                    }
                } finally {
                    dispatching.remove(schema);
                }
            }
        }
        switch (typeOf(schema)) {
            case "object":
                return objectProblem(node, schema, path, dispatching);
            case "array": {
                if (!node.isArray()) {
                    return new Problem(path, Rule.INVALID_VALUE, "must be an array");
                }
                if (schema.has("maxItems") && node.size() > schema.path("maxItems").asInt()) {
                    return new Problem(path, Rule.INVALID_VALUE, "must have at most "
                            + schema.path("maxItems").asInt() + " items");
                }
                for (int i = 0; i < node.size(); i++) {
                    Problem problem = bodyProblem(node.get(i), schema.path("items"), path + "[" + i + "]",
                            dispatching);
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            case "string": {
                if (!node.isString()) {
                    return new Problem(path, Rule.INVALID_VALUE, "must be a string");
                }
                String problem = stringProblem(node.asString(), schema);
                return problem == null ? null : new Problem(path, Rule.INVALID_VALUE, problem);
            }
            case "integer": {
                if (!node.isIntegralNumber()) {
                    return new Problem(path, Rule.INVALID_VALUE, "must be an integer");
                }
                String problem = range(node.asLong(), schema);
                return problem == null ? null : new Problem(path, Rule.INVALID_VALUE, problem);
            }
            case "number":
                return node.isNumber() ? null : new Problem(path, Rule.INVALID_VALUE, "must be a number");
            case "boolean":
                return node.isBoolean() ? null : new Problem(path, Rule.INVALID_VALUE, "must be true or false");
            default:
                if (schema.has("enum")) {
                    String problem = stringProblem(node.asString(""), schema);
                    return problem == null ? null : new Problem(path, Rule.INVALID_VALUE, problem);
                }
                return null;
        }
    }

    private Problem objectProblem(JsonNode node, JsonNode schema, String path, Set<JsonNode> dispatching) {
        if (!node.isObject()) {
            return new Problem(path, Rule.INVALID_VALUE, "must be an object");
        }
        for (JsonNode key : schema.path("required")) {
            if (!node.has(key.asString())) {
                return new Problem(path + "." + key.asString(), Rule.MISSING_REQUIRED, "is required");
            }
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode value = node.get(property.getKey());
            if (value != null) {
                Problem problem = bodyProblem(value, property.getValue(), path + "." + property.getKey(),
                        dispatching);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static MaxSchema load() {
        try (InputStream in = MaxSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the testkit jar");
            }
            return new MaxSchema(MaxJson.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
