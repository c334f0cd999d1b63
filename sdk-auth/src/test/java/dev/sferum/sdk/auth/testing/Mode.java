package dev.sferum.sdk.auth.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Runs one scenario through the sync client or the async client, so every test proves both. */
public enum Mode {
    SYNC {
        @Override
        public <T> T run(Supplier<T> sync, Supplier<CompletableFuture<T>> async) {
            return sync.get();
        }
    },
    ASYNC {
        @Override
        public <T> T run(Supplier<T> sync, Supplier<CompletableFuture<T>> async) {
            try {
                return async.get().join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
    };

    /**
     * @param sync the scenario on the sync client
     * @param async the same scenario on the async client
     * @return what the chosen form returned; failures are thrown unwrapped
     */
    public abstract <T> T run(Supplier<T> sync, Supplier<CompletableFuture<T>> async);

    /** The same for operations without a result. */
    public void exec(Runnable sync, Supplier<CompletableFuture<Void>> async) {
        run(() -> {
            sync.run();
            return null;
        }, async);
    }
}
