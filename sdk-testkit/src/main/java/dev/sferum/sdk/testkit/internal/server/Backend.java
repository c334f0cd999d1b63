package dev.sferum.sdk.testkit.internal.server;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The per-fake part behind {@link FakeServer}: how a request is routed and named, how its faults look on the wire,
 * and how it is recorded. Everything else (reading, fault timing, latency, answering, dropping) is the core's.
 *
 * @param <F> the fake's public fault type
 * @param <R> the fake's reply type
 */
public interface Backend<F, R extends ServerReply> {

    /**
     * Routes a request: names its operation and either answers at once (unknown path, no token, rate limit) or
     * hands back the handler to run after the faults.
     */
    Dispatch<R> dispatch(Incoming request);

    /** How a fault acts. */
    FaultEffect effect(F fault);

    /**
     * The reply a fault puts on the wire: before processing ({@code processed} null) or in place of the processed
     * answer ({@link FaultEffect.When#ANSWER_AFTER}).
     */
    R faultReply(F fault, Incoming request, String operation, R processed);

    /** The reply to record, never sent, for a dropped connection ({@code processed} null when dropped before). */
    R dropped(F fault, Incoming request, String operation, R processed);

    /** The answer when the handler itself failed: a bug in the fake, answered as the backend's 500. */
    R internalError(Incoming request, String operation, Throwable failure);

    /** Records a request with the reply sent (or recorded for a drop). */
    void record(Incoming request, String operation, R reply);

    /**
     * Where a request goes.
     *
     * @param operation      the name faults and records use, such as {@code messages.send} or {@code POST /messages}
     * @param wildcardFaults whether {@code "*"} and random faults apply to it
     * @param immediate      an answer given before any fault, or null
     * @param handler        the handler to run when {@code immediate} is null
     * @param <R>            the reply type
     */
    record Dispatch<R>(String operation, boolean wildcardFaults, R immediate,
            Function<Incoming, CompletableFuture<R>> handler) {

        /** Answers at once, before any fault. */
        public static <R> Dispatch<R> answer(String operation, R reply) {
            return new Dispatch<>(operation, false, reply, null);
        }

        /** Runs a handler after the faults of the operation. */
        public static <R> Dispatch<R> handle(String operation, boolean wildcardFaults,
                Function<Incoming, CompletableFuture<R>> handler) {
            return new Dispatch<>(operation, wildcardFaults, null, handler);
        }
    }
}
