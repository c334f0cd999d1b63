package dev.sferum.sdk.core;

import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The asynchronous twin of {@link ApiClient}: the same calls, each returning a {@link CompletableFuture} at once.
 *
 * <pre>{@code
 * ApiAsyncClient api = ApiClient.builder().token(token).buildAsyncClient();
 * api.call("messages.send", Map.of("peer_id", peer, "random_id", id, "message", text))
 *    .thenAccept(r -> log.info("sent message {}", r.asLong()));
 * }</pre>
 *
 * <p>It uses {@code HttpClient.sendAsync} and holds no thread while waiting. Futures fail with a
 * {@link dev.sferum.sdk.core.exception.SferumException} (wrapped in a
 * {@link java.util.concurrent.CompletionException} where Java's future API does so). Cancelling a future aborts
 * its HTTP exchange. Dependent stages run on an SDK completion thread (or, with an injected {@code HttpClient},
 * on its executor), never on the HTTP client's selector thread: keep them short or move heavy work to your own
 * executor with {@code thenApplyAsync(fn, executor)}. On a machine with fewer than three cores the JDK client
 * also starts a short-lived thread per exchange (its async pool is then thread-per-task); see
 * {@code docs/benchmarks.md} for what that costs and how to avoid it. Thread-safe.
 *
 * @since 0.1.0
 */
public interface ApiAsyncClient extends AutoCloseable {

    /**
     * Calls a VK method with parameters.
     *
     * @param method the VK method
     * @param params the parameters
     * @return a future of the {@code response} tree
     */
    default CompletableFuture<JsonNode> call(String method, Map<String, ?> params) {
        return call(ApiRequest.of(method, params), ResultType.json());
    }

    /**
     * Calls a VK method with parameters and options set on a request builder.
     *
     * @param method the VK method
     * @param request sets parameters and options on the request builder
     * @return a future of the {@code response} tree
     */
    default CompletableFuture<JsonNode> call(String method, Consumer<ApiRequest.Builder> request) {
        ApiRequest.Builder b = ApiRequest.builder(method);
        request.accept(b);
        return call(b.build(), ResultType.json());
    }

    /**
     * Makes a call.
     *
     * @param request the call
     * @return a future of the {@code response} tree
     */
    default CompletableFuture<JsonNode> call(ApiRequest request) {
        return call(request, ResultType.json());
    }

    /**
     * Makes a call and decodes its {@code response} into a type.
     *
     * @param request the call
     * @param type what to decode {@code response} into
     * @param <T> the result type
     * @return a future of the result
     */
    <T> CompletableFuture<T> call(ApiRequest request, ResultType<T> type);

    /** {@return the configuration this client was built with} */
    ClientConfig config();

    /**
     * Ends the threads and connections this client owns: the HTTP client (or the transport its config's
     * {@code Transport.Factory} built) and the threads that finish async calls. Clients built from one
     * {@link ApiClientBuilder} share them, which end when the last of those clients is closed. Async calls still in flight fail. A transport,
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
