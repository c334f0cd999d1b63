package dev.sferum.sdk.chat.spi;

import dev.sferum.sdk.core.exception.SferumException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The result of one step of a chat operation: already there (the sync client, which ran the step on the calling
 * thread) or on its way (the async client, a future). Operations are written once against this type and the
 * backend's call context that makes the calls (sdk-vk's {@code Steps}); the sync client then {@link #join()}s, the async client takes the
 * {@link #future()}. Neither wraps the other: a sync flow never touches a future, an async flow never blocks.
 *
 * @param <T> the value
 * @since 0.1.0
 */
public abstract class Flow<T> {

    Flow() {
    }

    /**
     * Turns the value of this flow into another.
     *
     * @param f turns the value into another
     * @param <R> the new value
     * @return the flow of the new value; a failure passes through
     */
    public abstract <R> Flow<R> map(Function<? super T, ? extends R> f);

    /**
     * Runs the next step with the value of this flow.
     *
     * @param f the next step, given the value
     * @param <R> the next step's value
     * @return the flow of the next step; a failure passes through
     */
    public abstract <R> Flow<R> then(Function<? super T, Flow<R>> f);

    /**
     * Recovers from an SDK failure of this flow.
     *
     * @param f turns an SDK failure into a value or another failure
     * @return a flow that recovers from {@link SferumException}s; other failures pass through
     */
    public abstract Flow<T> recover(Function<SferumException, Flow<T>> f);

    /**
     * Tells an action of the outcome of this flow, without changing it.
     *
     * @param action told of the value or the failure (unwrapped), for side effects such as the outbox
     * @return a flow with the same outcome; if the action throws, the flow fails with that
     */
    public abstract Flow<T> peek(BiConsumer<? super T, ? super Throwable> action);

    /**
     * Waits for the value of a sync flow.
     *
     * @return the value on the sync path
     * @throws RuntimeException the failure, as thrown by the step
     * @throws IllegalStateException on an async flow
     */
    public abstract T join();

    /**
     * Gives the future of an async flow.
     *
     * @return the future on the async path
     * @throws IllegalStateException on a sync flow
     */
    public abstract CompletableFuture<T> future();

    /**
     * Makes a finished sync flow.
     *
     * @param value a value
     * @param <T> its type
     * @return a finished sync flow
     */
    public static <T> Flow<T> now(T value) {
        return new Now<>(value, null);
    }

    /**
     * Makes a failed sync flow.
     *
     * @param error a failure
     * @param <T> the value type
     * @return a failed sync flow
     */
    public static <T> Flow<T> nowFailed(RuntimeException error) {
        return new Now<>(null, error);
    }

    /**
     * Makes an async flow of a future.
     *
     * @param future a future
     * @param <T> its type
     * @return an async flow
     */
    public static <T> Flow<T> later(CompletableFuture<T> future) {
        return new Later<>(future);
    }

    /**
     * Unwraps a failure that a future wrapped.
     *
     * @param e a failure, maybe wrapped by a future
     * @return the failure inside
     */
    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static final class Now<T> extends Flow<T> {
        private final T value;
        private final RuntimeException error;

        Now(T value, RuntimeException error) {
            this.value = value;
            this.error = error;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> Flow<R> map(Function<? super T, ? extends R> f) {
            if (error != null) {
                return (Flow<R>) this;
            }
            try {
                return new Now<>(f.apply(value), null);
            } catch (RuntimeException e) {
                return new Now<>(null, e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> Flow<R> then(Function<? super T, Flow<R>> f) {
            if (error != null) {
                return (Flow<R>) this;
            }
            try {
                return f.apply(value);
            } catch (RuntimeException e) {
                return new Now<>(null, e);
            }
        }

        @Override
        public Flow<T> recover(Function<SferumException, Flow<T>> f) {
            if (error instanceof SferumException s) {
                try {
                    return f.apply(s);
                } catch (RuntimeException e) {
                    return new Now<>(null, e);
                }
            }
            return this;
        }

        @Override
        public Flow<T> peek(BiConsumer<? super T, ? super Throwable> action) {
            try {
                action.accept(value, error);
            } catch (RuntimeException e) {
                if (error != null && e != error) {
                    e.addSuppressed(error);
                }
                return new Now<>(null, e);
            }
            return this;
        }

        @Override
        public T join() {
            if (error != null) {
                throw error;
            }
            return value;
        }

        @Override
        public CompletableFuture<T> future() {
            throw new IllegalStateException("a sync flow has no future");
        }
    }

    private static final class Later<T> extends Flow<T> {
        private final CompletableFuture<T> future;

        Later(CompletableFuture<T> future) {
            this.future = future;
        }

        @Override
        public <R> Flow<R> map(Function<? super T, ? extends R> f) {
            return new Later<>(future.thenApply(f));
        }

        @Override
        public <R> Flow<R> then(Function<? super T, Flow<R>> f) {
            return new Later<>(future.thenCompose(v -> f.apply(v).future()));
        }

        @Override
        public Flow<T> recover(Function<SferumException, Flow<T>> f) {
            CompletableFuture<T> next = future.handle((v, e) -> {
                if (e == null) {
                    return CompletableFuture.completedFuture(v);
                }
                Throwable cause = unwrap(e);
                if (cause instanceof SferumException s) {
                    return f.apply(s).future();
                }
                return CompletableFuture.<T>failedFuture(cause);
            }).thenCompose(Function.identity());
            return new Later<>(next);
        }

        @Override
        public Flow<T> peek(BiConsumer<? super T, ? super Throwable> action) {
            CompletableFuture<T> next = future.handle((v, e) -> {
                Throwable cause = e == null ? null : unwrap(e);
                action.accept(v, cause);
                if (cause != null) {
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                }
                return v;
            });
            return new Later<>(next);
        }

        @Override
        public T join() {
            throw new IllegalStateException("an async flow is never joined inside the SDK");
        }

        @Override
        public CompletableFuture<T> future() {
            return future;
        }
    }
}
