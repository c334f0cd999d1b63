package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.Json;
import dev.sferum.sdk.core.internal.ResultReaders;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

import java.util.Objects;
import java.util.function.Function;

/**
 * What to turn the {@code response} of a VK answer into: a JSON tree, a record or class read leniently, or the
 * result of your own function.
 *
 * <pre>{@code
 * record Created(long chat_id, List<Long> peer_ids) {}
 * Created c = api.call(request, ResultType.of(Created.class));
 * long id = api.call(request, ResultType.from(JsonNode::asLong));
 * }</pre>
 *
 * <p>Reading is lenient: unknown fields are ignored, unknown enum values become the constant marked
 * {@code @JsonEnumDefaultValue}, {@code 0}/{@code 1} read as booleans. Immutable and thread-safe; keep instances
 * in constants.
 *
 * @param <T> the result type
 * @since 0.1.0
 */
public final class ResultType<T> {
    private static final ResultType<JsonNode> TREE = new ResultType<>("JsonNode", n -> n, null);

    static {
        ResultReaders.register(t -> t.reader);
    }

    private final String description;
    private final Function<JsonNode, T> decoder;
    /** For {@code of(...)} types: read successful answers straight from their bytes, without a tree. */
    private final ObjectReader reader;

    private ResultType(String description, Function<JsonNode, T> decoder, ObjectReader reader) {
        this.description = description;
        this.decoder = decoder;
        this.reader = reader;
    }

    /** {@return the raw JSON tree of {@code response}} */
    public static ResultType<JsonNode> json() {
        return TREE;
    }

    /**
     * Makes a result type that reads {@code response} into a record or class.
     *
     * @param type a record or class to read {@code response} into
     * @param <T> the type
     * @return the result type
     */
    public static <T> ResultType<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        ObjectReader reader = Json.mapper().readerFor(type);
        return new ResultType<>(type.getSimpleName(), node -> reader.readValue(node), streaming(reader));
    }

    /**
     * Makes a result type that reads {@code response} into a generic type.
     *
     * @param type a generic type, such as {@code new TypeReference<List<Long>>() {}}
     * @param <T> the type
     * @return the result type
     */
    public static <T> ResultType<T> of(TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        ObjectReader reader = Json.mapper().readerFor(type);
        return new ResultType<>(type.getType().getTypeName(), node -> reader.readValue(node), streaming(reader));
    }

    /** The same reader, reading one value in the middle of the answer (the envelope's end follows it). */
    private static ObjectReader streaming(ObjectReader reader) {
        return reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Makes a result type from your own decoder.
     *
     * @param decoder your function from the {@code response} tree to the result; an exception it throws fails the
     *     call with a malformed-body error
     * @param <T> the type
     * @return the result type
     */
    public static <T> ResultType<T> from(Function<JsonNode, T> decoder) {
        return new ResultType<>("custom", Objects.requireNonNull(decoder, "decoder"), null);
    }

    /**
     * Decodes a {@code response} tree; the SDK calls this.
     *
     * @param response the tree
     * @return the result
     */
    public T decode(JsonNode response) {
        return decoder.apply(response);
    }

    @Override
    public String toString() {
        return "ResultType[" + description + "]";
    }
}
