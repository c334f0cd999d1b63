package dev.sferum.sdk.testkit.internal;

import dev.sferum.sdk.testkit.StrictViolation;
import dev.sferum.sdk.testkit.StrictViolation.Rule;
import dev.sferum.sdk.testkit.TokenKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The VK methods as VK's own 5.199 schema describes them ({@code vk-api-schema/<section>/methods.json}, copied
 * unchanged with its MIT licence): parameters with their types, limits and required flags, and the token types
 * that may call each method. Loaded and indexed once per JVM, on first use (a few milliseconds), rather than
 * generated at build time: the copied schema files stay the only source, readable and replaceable as they are, with
 * no generator to maintain. Immutable.
 */
public final class VkSchema {

    private static final List<String> SECTIONS = List.of("messages", "calls", "users", "groups", "execute");

    /**
     * Parameters VK accepts on every method besides the method's own (VK's "request parameters" common to all
     * calls): the version, the token, the language, test mode and the captcha answer.
     */
    static final Set<String> COMMON = Set.of("v", "access_token", "lang", "test_mode", "captcha_sid", "captcha_key");

    private static final VkSchema INSTANCE = load();

    /** One parameter of a method. */
    record Param(String name, String type, boolean required, Long minimum, Long maximum, Set<String> enumValues) {
    }

    /**
     * One method.
     *
     * @param name   e.g. {@code messages.send}
     * @param kinds  the token kinds its {@code access_token_type} lists
     * @param params its parameters by name, in schema order
     */
    record Method(String name, Set<TokenKind> kinds, Map<String, Param> params) {
    }

    private final Map<String, Method> methods;

    private VkSchema(Map<String, Method> methods) {
        this.methods = Collections.unmodifiableMap(methods);
    }

    /** The shared table. */
    static VkSchema get() {
        return INSTANCE;
    }

    /** The method, if the copied sections of the schema list it. */
    Optional<Method> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** The method, which the fake implements and so must be in the schema. */
    Method require(String name) {
        Method method = methods.get(name);
        if (method == null) {
            throw new IllegalStateException("the fake implements " + name + ", which VK's schema does not list");
        }
        return method;
    }

    /**
     * Checks a call's parameters against the method's schema entry: no parameter the schema does not list (besides
     * {@link #COMMON}; {@code execute} takes any script argument), every required one present, and each value of its
     * type (integer, number, boolean as 1/0 or true/false, as the fake reads them), within its integer limits and one of its enum values. Text lengths and
     * item counts are left to the handlers: VK answers those with method-specific codes (914 for a long message).
     *
     * @return the first violation, if any, as VK's error 100 would name it
     */
    Optional<StrictViolation> check(Method method, Map<String, String> params) {
        boolean execute = method.name().equals("execute");
        for (String name : params.keySet()) {
            if (!COMMON.contains(name) && !execute && !method.params().containsKey(name)) {
                return violation(method, name, Rule.UNKNOWN_PARAMETER,
                        name + " is not a parameter of " + method.name());
            }
        }
        if (execute && !params.containsKey("code")) {
            return violation(method, "code", Rule.MISSING_REQUIRED, "code is undefined");
        }
        for (Param param : method.params().values()) {
            String value = params.get(param.name());
            if (value == null) {
                if (param.required()) {
                    return violation(method, param.name(), Rule.MISSING_REQUIRED, param.name() + " is undefined");
                }
                continue;
            }
            String problem = problem(param, value);
            if (problem != null) {
                return violation(method, param.name(), Rule.INVALID_VALUE, param.name() + " " + problem);
            }
        }
        return Optional.empty();
    }

    private static Optional<StrictViolation> violation(Method method, String param, Rule rule, String detail) {
        return Optional.of(new StrictViolation(method.name(), param, rule, new ApiException(100, detail).getMessage()));
    }

    private static String problem(Param param, String value) {
        switch (param.type()) {
            case "integer": {
                if (value.isEmpty() && !param.required()) {
                    return null;
                }
                long n;
                try {
                    n = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    return "not integer: " + value;
                }
                if (param.minimum() != null && n < param.minimum()) {
                    return "should be at least " + param.minimum() + ", got " + n;
                }
                if (param.maximum() != null && n > param.maximum()) {
                    return "should be at most " + param.maximum() + ", got " + n;
                }
                break;
            }
            case "number":
                try {
                    Double.parseDouble(value.trim());
                } catch (NumberFormatException e) {
                    return "not a number: " + value;
                }
                break;
            case "boolean":
                if (!value.equals("0") && !value.equals("1") && !value.equals("true") && !value.equals("false")) {
                    return "should be 1 or 0, got " + value;
                }
                break;
            default:
                break;
        }
        if (!param.enumValues().isEmpty() && !param.enumValues().contains(value)) {
            return "should be one of " + param.enumValues() + ", got " + value;
        }
        return null;
    }

    private static VkSchema load() {
        Map<String, Method> methods = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            String resource = "vk-api-schema/" + section + "/methods.json";
            JsonNode root;
            try (InputStream in = VkSchema.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the testkit jar");
                }
                root = Json.MAPPER.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            for (JsonNode m : root.path("methods")) {
                Set<TokenKind> kinds = EnumSet.noneOf(TokenKind.class);
                for (JsonNode t : m.path("access_token_type")) {
                    switch (t.asString()) {
                        case "user" -> kinds.add(TokenKind.USER);
                        case "group" -> kinds.add(TokenKind.COMMUNITY);
                        case "service" -> kinds.add(TokenKind.SERVICE);
                        default -> {
                        }
                    }
                }
                Map<String, Param> params = new LinkedHashMap<>();
                for (JsonNode p : m.path("parameters")) {
                    List<String> values = new ArrayList<>();
                    p.path("enum").forEach(v -> values.add(v.asString()));
                    params.put(p.path("name").asString(), new Param(p.path("name").asString(),
                            p.path("type").asString(""), p.path("required").asBoolean(false),
                            p.has("minimum") ? p.get("minimum").asLong() : null,
                            p.has("maximum") ? p.get("maximum").asLong() : null,
                            Set.copyOf(values)));
                }
                String name = m.path("name").asString();
                methods.put(name, new Method(name, Collections.unmodifiableSet(kinds),
                        Collections.unmodifiableMap(params)));
            }
        }
        return new VkSchema(methods);
    }
}
