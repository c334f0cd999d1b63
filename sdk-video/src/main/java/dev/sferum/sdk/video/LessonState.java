package dev.sferum.sdk.video;

/**
 * Where a lesson is in its life. {@code SCHEDULED → STARTING → STARTED → ANNOUNCED → FINISHED}, or
 * {@code FAILED} / {@code CANCELLED}; {@code STARTED → UNANNOUNCED → FINISHED} when the join link could not be
 * posted on any of its tries.
 *
 * @since 0.1.0
 */
public enum LessonState {
    /** Waiting for its start time (minus the lead time). */
    SCHEDULED,
    /** The scheduler is starting its call: written before {@code calls.start}, so a restart knows a call may exist. */
    STARTING,
    /** The call runs; the join link is not posted yet. */
    STARTED,
    /** The call runs and its join link is in the class chat. */
    ANNOUNCED,
    /**
     * The call runs, but its join link could not be posted on any of its tries, or the chat refused it
     * ({@link Lesson#failure()} says why): a person should share the link ({@link Lesson#joinLink()}). The call is
     * still finished at the lesson's end.
     */
    UNANNOUNCED,
    /** The call was finished at the lesson's end. */
    FINISHED,
    /** The lesson could not be held; {@link Lesson#failure()} says why. */
    FAILED,
    /** Cancelled before its end; its call, if any, was finished. */
    CANCELLED;

    /** {@return whether nothing more will happen to the lesson} */
    public boolean terminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
