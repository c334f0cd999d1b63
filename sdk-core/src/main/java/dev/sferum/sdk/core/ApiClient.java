package dev.sferum.sdk.core;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls VK API methods and blocks until each answers: the raw, method-agnostic client that the chat and video
 * clients build on, and your escape hatch for any method the SDK has no typed call for.
 *
 * <pre>{@code
 * ApiClient api = ApiClient.builder()
 *         .token(AccessToken.community(System.getenv("VK_GROUP_TOKEN"), 123456))
 *         .buildClient();
 * JsonNode members = api.call("messages.getConversationMembers", Map.of("peer_id", 2000000012L));
 * }</pre>
 *
 * <p>Each call goes through the same steps: the token provider, the token-kind check (a wrong kind is refused
 * before any I/O), a form-encoded POST to {@code <base>/method/<name>} with the token in the
 * {@code Authorization: Bearer} header, then decoding of {@code response} or a typed
 * {@link dev.sferum.sdk.core.exception.SferumException}.
 *
 * <p>Thread-safe; build one per application (or per token), share it, and {@link #close()} it when done. The async twin is
 * {@link ApiAsyncClient}, built by the same builder.
 *
 * @since 0.1.0
 */
public interface ApiClient extends AutoCloseable {

    /** {@return a builder for a sync or async client} */
    static ApiClientBuilder builder() {
        return new ApiClientBuilder();
    }

    /**
     * Calls a method by name with parameters and returns {@code response} as a JSON tree.
     *
     * @param method the VK method, such as {@code messages.getHistory}
     * @param params the parameters (see {@link ApiRequest} for how values are encoded)
     * @return the {@code response} value
     * @throws dev.sferum.sdk.core.exception.SferumException if the call fails
     */
    default JsonNode call(String method, Map<String, ?> params) {
        return call(ApiRequest.of(method, params), ResultType.json());
    }

    /**
     * Calls a method built with the given customizer and returns {@code response} as a JSON tree.
     *
     * <pre>{@code
     * api.call("messages.editChat", r -> r.param("chat_id", 12).param("title", "7Б"));
     * }</pre>
     *
     * @param method the VK method
     * @param request sets parameters and options on the request builder
     * @return the {@code response} value
     * @throws dev.sferum.sdk.core.exception.SferumException if the call fails
     */
    default JsonNode call(String method, Consumer<ApiRequest.Builder> request) {
        ApiRequest.Builder b = ApiRequest.builder(method);
        request.accept(b);
        return call(b.build(), ResultType.json());
    }

    /**
     * Makes the call and returns {@code response} as a JSON tree.
     *
     * @param request the call
     * @return the {@code response} value
     * @throws dev.sferum.sdk.core.exception.SferumException if the call fails
     */
    default JsonNode call(ApiRequest request) {
        return call(request, ResultType.json());
    }

    /**
     * Makes the call and decodes {@code response}.
     *
     * @param request the call
     * @param type what to decode {@code response} into
     * @param <T> the result type
     * @return the result
     * @throws dev.sferum.sdk.core.exception.SferumException if the call fails or the answer cannot be decoded
     */
    <T> T call(ApiRequest request, ResultType<T> type);

    /** {@return the configuration this client was built with} */
    ClientConfig config();

    /**
     * Ends the threads and connections this client owns: the HTTP client (or the transport its config's
     * {@code Transport.Factory} built) and the threads that finish async calls. Clients built from one
     * {@link ApiClientBuilder} share them, which end when the last of those clients is closed. A transport,
     * {@code HttpClient} or executor given in the config is left open: it is yours. Closing twice does nothing.
     *
     * <pre>{@code
     * try (ApiClient api = ApiClient.builder().token(token).buildClient()) {
     *     api.call("users.get", Map.of("user_ids", 1));
     * }
     * }</pre>
     */
    @Override
    default void close() {
    }
}
