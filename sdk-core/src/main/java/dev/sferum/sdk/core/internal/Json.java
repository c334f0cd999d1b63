package dev.sferum.sdk.core.internal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's one Jackson mapper: lenient toward VK's models, strict about resource use.
 *
 * <p>Unknown properties are ignored, unknown enum values map to the {@code @JsonEnumDefaultValue} constant, and
 * nesting is capped at {@value #MAX_NESTING} levels so a hostile or broken body cannot exhaust the stack. Body
 * size is capped earlier, by the transport.
 */
public final class Json {
    /** The deepest nesting the SDK reads. VK's deepest real answers (forwarded messages) stay far below. */
    public static final int MAX_NESTING = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(20_000_000)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();

    private Json() {
    }

    /** {@return the shared mapper; never reconfigure it} */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param node a tree
     * @return its compact JSON text
     */
    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /**
     * @param bytes JSON text
     * @return the tree
     * @throws JacksonException if it is not JSON or breaks the read constraints
     */
    public static JsonNode read(byte[] bytes) {
        return MAPPER.readTree(bytes);
    }

    /**
     * A description of a Jackson failure without any excerpt of the input (bodies hold tokens and names).
     *
     * @param e the failure
     * @return the description
     */
    public static String describe(JacksonException e) {
        String kind = e.getClass().getSimpleName();
        String path = e.getPath().isEmpty() ? "" : " at " + e.getPathReference();
        if (e instanceof tools.jackson.core.exc.StreamConstraintsException) {
            return "the JSON breaks a read limit (" + kind + ")" + path;
        }
        return kind + path;
    }
}
