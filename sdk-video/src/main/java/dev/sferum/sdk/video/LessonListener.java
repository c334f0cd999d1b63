package dev.sferum.sdk.video;

import dev.sferum.sdk.core.exception.SferumException;

/**
 * Hears what the {@link LessonScheduler} does, for dashboards and alerts. Methods run on the scheduler's thread;
 * keep them fast and do not throw. Every method has an empty default.
 *
 * @since 0.1.0
 */
public interface LessonListener {
    /** @param lesson the lesson whose call started (state STARTED) */
    default void started(Lesson lesson) {
    }

    /** @param lesson the lesson whose join link was posted (state ANNOUNCED) */
    default void announced(Lesson lesson) {
    }

    /** @param lesson the lesson whose call was finished (state FINISHED or CANCELLED) */
    default void finished(Lesson lesson) {
    }

    /**
     * A step failed. {@code willRetry} says whether the scheduler tries again on a later run.
     *
     * @param lesson the lesson as stored after the failure
     * @param step what failed: {@code start}, {@code announce} or {@code finish}
     * @param error the failure
     * @param willRetry whether the step will be tried again
     */
    default void failed(Lesson lesson, String step, SferumException error, boolean willRetry) {
    }
}
