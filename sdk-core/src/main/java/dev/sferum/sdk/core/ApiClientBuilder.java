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
 * <p>Clients built from one builder share the HTTP client, the transport and the threads that finish async calls;
 * those end when the last of the clients is closed. Not thread-safe; the clients are.
 *
 * @since 0.1.0
 */
public final class ApiClientBuilder {
    private ClientConfig config = ClientConfig.defaults();
    private TokenProvider tokens;
    private Shared pipeline;

    /** One pipeline and how many open clients use it; closed with the last of them. */
    private static final class Shared {
        final CallPipeline<ApiRequest, AccessToken> pipeline;
        private int open;
        private boolean closed;

        Shared(CallPipeline<ApiRequest, AccessToken> pipeline) {
            this.pipeline = pipeline;
        }

        /** {@return whether a client may still join: its pipeline is not closed} */
        synchronized boolean join() {
            if (closed) {
                return false;
            }
            open++;
            return true;
        }

        /** {@return a close action for one client, which does its part once} */
        Runnable closer() {
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            return () -> {
                if (done.compareAndSet(false, true)) {
                    boolean last;
                    synchronized (this) {
                        last = --open == 0;
                        closed = last;
                    }
                    if (last) {
                        pipeline.close();
                    }
                }
            };
        }
    }

    ApiClientBuilder() {
    }

    /**
     * Sets how to reach the API.
     *
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

    /** {@return a client that blocks the calling thread for each call} */
    public ApiClient buildClient() {
        return new SyncClient(pipeline());
    }

    /** {@return a client whose calls return futures and hold no thread while waiting} */
    public ApiAsyncClient buildAsyncClient() {
        return new AsyncClient(pipeline());
    }

    /** What both clients are besides their calls: a view of the shared pipeline, closed through it. */
    private abstract static class PipelineClient {
        final CallPipeline<ApiRequest, AccessToken> pipeline;
        private final Runnable closer;

        PipelineClient(Shared shared) {
            this.pipeline = shared.pipeline;
            this.closer = shared.closer();
        }

        public ClientConfig config() {
            return pipeline.config();
        }

        public void close() {
            closer.run();
        }

        abstract String name();

        @Override
        public String toString() {
            return name() + "[" + pipeline.config().baseUri() + "]";
        }
    }

    private static final class SyncClient extends PipelineClient implements ApiClient {
        SyncClient(Shared shared) {
            super(shared);
        }

        @Override
        public <T> T call(ApiRequest request, ResultType<T> type) {
            return pipeline.execute(VkWire.spec(pipeline.config(), request), VkWire.decoder(request.method(), type));
        }

        @Override
        String name() {
            return "ApiClient";
        }
    }

    private static final class AsyncClient extends PipelineClient implements ApiAsyncClient {
        AsyncClient(Shared shared) {
            super(shared);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<T> call(ApiRequest request, ResultType<T> type) {
            return pipeline.executeAsync(VkWire.spec(pipeline.config(), request), VkWire.decoder(request.method(), type));
        }

        @Override
        String name() {
            return "ApiAsyncClient";
        }
    }

    private Shared pipeline() {
        if (pipeline == null || !pipeline.join()) {
            pipeline = new Shared(VkWire.pipeline(config, tokens));
            pipeline.join();
        }
        return pipeline;
    }
}
