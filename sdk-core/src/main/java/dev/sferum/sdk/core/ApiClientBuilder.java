package dev.sferum.sdk.core;

import dev.sferum.sdk.core.internal.CallPipeline;
import dev.sferum.sdk.core.internal.VkWire;

import java.util.Objects;

/**
 * Builds {@link ApiClient}s and {@link ApiAsyncClient}s: one builder, two kinds of client.
 *
 * <pre>{@code
 * ApiClientBuilder builder = ApiClient.builder()
 *         .config(ClientConfig.builder().baseUrl("https://api.vk.ru").build())
 *         .token(AccessToken.community(token, groupId));
 * ApiClient sync = builder.buildClient();
 * ApiAsyncClient async = builder.buildAsyncClient();
 * }</pre>
 *
 * <p>Clients built from one builder share the HTTP client. Not thread-safe; the clients are.
 *
 * @since 0.1.0
 */
public final class ApiClientBuilder {
    private ClientConfig config = ClientConfig.defaults();
    private TokenProvider tokens;
    private CallPipeline<ApiRequest, AccessToken> pipeline;

    ApiClientBuilder() {
    }

    /**
     * @param config how to reach the API; default {@link ClientConfig#defaults()}
     * @return this builder
     */
    public ApiClientBuilder config(ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.pipeline = null;
        return this;
    }

    /**
     * Uses one fixed token for every call (unless a call passes its own in {@link RequestOptions}).
     *
     * @param token the token
     * @return this builder
     */
    public ApiClientBuilder token(AccessToken token) {
        return tokenProvider(TokenProvider.of(token));
    }

    /**
     * Takes each call's token from a provider, such as {@code sdk-auth}'s refreshing one. Without a provider,
     * every call must carry its token in {@link RequestOptions#token()}.
     *
     * @param provider the provider
     * @return this builder
     */
    public ApiClientBuilder tokenProvider(TokenProvider provider) {
        this.tokens = Objects.requireNonNull(provider, "provider");
        this.pipeline = null;
        return this;
    }

    /** @return a client that blocks the calling thread for each call */
    public ApiClient buildClient() {
        CallPipeline<ApiRequest, AccessToken> p = pipeline();
        return new ApiClient() {
            @Override
            public <T> T call(ApiRequest request, ResultType<T> type) {
                return p.execute(VkWire.spec(p.config(), request), VkWire.decoder(request.method(), type));
            }

            @Override
            public ClientConfig config() {
                return p.config();
            }

            @Override
            public String toString() {
                return "ApiClient[" + p.config().baseUri() + "]";
            }
        };
    }

    /** @return a client whose calls return futures and hold no thread while waiting */
    public ApiAsyncClient buildAsyncClient() {
        CallPipeline<ApiRequest, AccessToken> p = pipeline();
        return new ApiAsyncClient() {
            @Override
            public <T> java.util.concurrent.CompletableFuture<T> call(ApiRequest request, ResultType<T> type) {
                return p.executeAsync(VkWire.spec(p.config(), request), VkWire.decoder(request.method(), type));
            }

            @Override
            public ClientConfig config() {
                return p.config();
            }

            @Override
            public String toString() {
                return "ApiAsyncClient[" + p.config().baseUri() + "]";
            }
        };
    }

    private CallPipeline<ApiRequest, AccessToken> pipeline() {
        if (pipeline == null) {
            pipeline = VkWire.pipeline(config, tokens);
        }
        return pipeline;
    }
}
