package dev.sferum.sdk.max.internal;

import dev.sferum.sdk.chat.spi.AsyncScope;
import dev.sferum.sdk.chat.spi.Flow;
import dev.sferum.sdk.chat.spi.FlowSteps;
import dev.sferum.sdk.chat.spi.InFlight;

import dev.sferum.sdk.core.exception.ErrorCategory;
import dev.sferum.sdk.core.exception.SferumException;
import dev.sferum.sdk.core.exception.TransportException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Makes the calls of one MAX chat operation: {@link #sync(MaxBackend)} on the calling thread,
 * {@link #async(MaxBackend)} composing futures. Operations are written once against this type and {@link Flow}.
 */
public abstract class Calls extends FlowSteps {

    Calls() {
    }

    Calls(InFlight inFlight) {
        super(inFlight);
    }

    /**
     * @param pipeline the pipeline
     * @return calls that run on the calling thread
     */
    public static Calls sync(MaxBackend pipeline) {
        return new Calls() {
            @Override
            public <T> Flow<T> call(MaxRequest request, Function<JsonNode, T> decode) {
                return now(() -> pipeline.execute(request, decode), e -> chatError(request, e));
            }

            @Override
            public Flow<Void> pause(Duration d) {
                try {
                    pipeline.config().timeSource().sleep(d);
                    return Flow.now(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Flow.nowFailed(new TransportException(ErrorCategory.TRANSIENT, null, TransportException.Failure.INTERRUPTED, 0, false,
                            "interrupted while waiting before a delivery check", null, null));
                }
            }
        };
    }

    /**
     * @param pipeline the pipeline
     * @return calls that compose futures; make one per operation so that cancelling its result stops just it
     */
    public static Async async(MaxBackend pipeline) {
        return new Async(pipeline);
    }

    /** Async calls of one operation: cancelling them cancels the call in flight and starts no more. */
    public static final class Async extends Calls implements AsyncScope<Calls> {
        private final MaxBackend pipeline;

        private Async(MaxBackend pipeline) {
            super(new InFlight());
            this.pipeline = pipeline;
        }

        /** {@return these calls: they are the operation's context} */
        @Override
        public Calls context() {
            return this;
        }

        @Override
        public <T> Flow<T> call(MaxRequest request, Function<JsonNode, T> decode) {
            return inFlight().call(request.operation(), () -> pipeline.executeAsync(request, decode), e -> chatError(request, e));
        }

        @Override
        public Flow<Void> pause(Duration d) {
            return inFlight().track(pipeline.config().timeSource().delay(d), e -> e);
        }

        @Override
        public <T> CompletableFuture<T> bind(Flow<T> flow) {
            return inFlight().bind(flow);
        }
    }

    private static RuntimeException chatError(MaxRequest request, RuntimeException e) {
        return e instanceof SferumException s ? MaxErrors.chatError(request, s) : e;
    }

    /**
     * Makes one API call.
     *
     * @param request the call
     * @param decode turns the 200 body into the result
     * @param <T> the result
     * @return the flow of the result
     */
    public abstract <T> Flow<T> call(MaxRequest request, Function<JsonNode, T> decode);

    /**
     * Waits without holding a thread on the async path (on the time source: virtual in tests).
     *
     * @param d how long
     * @return the flow that completes after it
     */
    public abstract Flow<Void> pause(Duration d);

    /**
     * Repeats {@code step} while it answers {@code true}, at most {@code limit} times.
     *
     * @param limit the most repetitions
     * @param step the step, given the repetition number from 0; answers whether to go on
     * @return the flow of the number of repetitions made
     */
    public Flow<Integer> loop(int limit, Function<Integer, Flow<Boolean>> step) {
        return loop(0, limit, step);
    }

    private Flow<Integer> loop(int i, int limit, Function<Integer, Flow<Boolean>> step) {
        if (i >= limit) {
            return done(i);
        }
        return defer(() -> step.apply(i)).then(goOn -> goOn ? loop(i + 1, limit, step) : done(i + 1));
    }
}
