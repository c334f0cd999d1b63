package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.exception.SferumException;

import java.time.Duration;
import java.util.Optional;

/**
 * Told of each step as {@link RosterSync#apply(RosterPlan, RosterProgressListener)} makes it: on the calling
 * thread, or, with {@link RosterSyncConfig#concurrency()} above 1, on the apply's threads, one call at a time (so an
 * implementation needs no locking of its own, but should return quickly).
 *
 * <pre>{@code
 * sync.apply(plan, new RosterProgressListener() {
 *     public void stepFinished(RosterStep step, StepResult result, int index, int total) {
 *         progressBar.set(index + 1, total);
 *     }
 * });
 * }</pre>
 *
 * <p>Each step is started and finished once. In between, a step that failed in a way that may pass is
 * {@link #stepRetrying retried} later in the same run (other classes go on meanwhile), and a creation whose outcome
 * was unknown is {@link #chatReconciled reconciled}: the account's conversations are read back and the chat adopted
 * if it is there. Steps of different classes finish in any order, so count finished steps rather than trusting
 * {@code index} to grow.
 *
 * <p>An exception thrown here stops the apply at once (and propagates): a way to stop a long run. Everything done
 * so far is recorded, and applying a new plan later picks up where it stopped.
 *
 * @since 0.1.0
 */
public interface RosterProgressListener {
    /** A listener that does nothing. */
    RosterProgressListener NONE = new RosterProgressListener() {
    };

    /**
     * A step is about to start.
     *
     * @param step the step
     * @param index its index, from 0
     * @param total the number of steps
     */
    default void stepStarted(RosterStep step, int index, int total) {
    }

    /**
     * A step has ended.
     *
     * @param step the step
     * @param result how it went
     * @param index its index, from 0
     * @param total the number of steps
     */
    default void stepFinished(RosterStep step, StepResult result, int index, int total) {
    }

    /**
     * A step failed in a way that may pass (the network, an internal error, throttling, an unknown outcome) and
     * will be tried again after {@code after}; other classes go on meanwhile.
     *
     * @param step the step
     * @param index its index, from 0
     * @param total the number of steps
     * @param retry the number of this retry of the step's class, from 1
     * @param cause what failed
     * @param after how long until the retry at the earliest
     */
    default void stepRetrying(RosterStep step, int index, int total, int retry, SferumException cause, Duration after) {
    }

    /**
     * A creation whose outcome was unknown was checked against the account's conversations.
     *
     * @param step the step (a {@link RosterStep.CreateChat})
     * @param index its index, from 0
     * @param total the number of steps
     * @param adopted the chat found and adopted as the class's; empty when the read showed none, so the chat is
     *     created again
     */
    default void chatReconciled(RosterStep step, int index, int total, Optional<PeerId> adopted) {
    }

    /**
     * The apply stops early (the token, a captcha, the service down, its deadline): the steps running finish, no
     * new one starts, and the result says what is left.
     *
     * @param stop why
     */
    default void applyStopped(RosterStop stop) {
    }
}
