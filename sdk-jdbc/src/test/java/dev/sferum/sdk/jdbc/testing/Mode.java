package dev.sferum.sdk.jdbc.testing;

import dev.sferum.sdk.core.ApiClientBuilder;
import dev.sferum.sdk.core.ApiRequest;
import dev.sferum.sdk.core.ResultType;

import java.util.concurrent.CompletionException;

/** Runs one scenario through the sync client or the async client, so every test proves both. */
public enum Mode {
    SYNC {
        @Override
        public <T> T call(ApiClientBuilder builder, ApiRequest request, ResultType<T> type) {
            return builder.buildClient().call(request, type);
        }
    },
    ASYNC {
        @Override
        public <T> T call(ApiClientBuilder builder, ApiRequest request, ResultType<T> type) {
            try {
                return builder.buildAsyncClient().call(request, type).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    };

    public abstract <T> T call(ApiClientBuilder builder, ApiRequest request, ResultType<T> type);
}
