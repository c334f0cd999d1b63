package dev.sferum.sdk.video;

import dev.sferum.sdk.core.exception.SferumException;

/**
 * Hears what the {@link LessonScheduler} does, for dashboards and alerts. Methods run on the scheduler's thread;
 * keep them fast and do not throw. Every method has an empty default.
 *
 * @since 0.1.0
 */
public interface LessonListener {
    /**
     * Called when a lesson's call started.
     *
     * @param lesson the lesson whose call started (state STARTED)
     */
    default void started(Lesson lesson) {
    }

    /**
     * Called when a lesson's join link was posted.
     *
     * @param lesson the lesson whose join link was posted (state ANNOUNCED)
     */
    default void announced(Lesson lesson) {
    }

    /**
     * Called when a lesson's call was finished or cancelled.
     *
     * @param lesson the lesson whose call was finished (state FINISHED or CANCELLED)
     */
    default void finished(Lesson lesson) {
    }

    /**
     * A step failed. {@code willRetry} says whether the scheduler tries again on a later run: then
     * {@link Lesson#retryAt()} says when (the back-off grows with {@link Lesson#stepFailures()}). With
     * {@code willRetry} false the step is given up — its tries are used up, or the failure cannot pass by itself — and
     * the lesson says what a person should do: {@link LessonState#FAILED} (no call, or a call that could not be
     * finished) or {@link LessonState#UNANNOUNCED} (the call runs, its link was not posted), with
     * {@link Lesson#failure()}. Nothing is given up silently: every give-up comes here.
     *
     * @param lesson the lesson as stored after the failure
     * @param step what failed: {@code start}, {@code announce} or {@code finish}
     * @param error the failure
     * @param willRetry whether the step will be tried again
     */
    default void failed(Lesson lesson, String step, SferumException error, boolean willRetry) {
    }

    /**
     * A post of the join link whose outcome was unknown was checked against the class chat's newest messages
     * before posting again, and the link was found there: it counts as posted, and is not posted again.
     *
     * @param lesson the lesson, now {@link LessonState#ANNOUNCED}
     */
    default void announcementFound(Lesson lesson) {
    }
}
