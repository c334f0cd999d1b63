package dev.sferum.sdk.chat.roster;

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
}
