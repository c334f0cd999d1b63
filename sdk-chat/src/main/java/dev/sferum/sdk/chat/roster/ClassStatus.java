package dev.sferum.sdk.chat.roster;

/**
 * How one class ended in an apply: {@link RosterApplyResult#classes()} has one {@link ClassResult} per class of the
 * plan.
 *
 * <pre>{@code
 * result.classes(ClassStatus.NEEDS_PERSON).forEach(c -> alert(c.classId() + ": " + c.reason()));
 * }</pre>
 *
 * @since 0.1.0
 */
public enum ClassStatus {
    /** Every step of the class is done, and at least one changed something. */
    DONE,
    /** Every step found the class's chat already as the roster wants it. */
    ALREADY_DONE,
    /**
     * Done, after a creation whose outcome was unknown (a lost answer, an internal error) was checked against the
     * account's conversations and the chat it had made was adopted, instead of creating a second one.
     */
    RECONCILED,
    /**
     * Not finished, and re-running will not help by itself: a refusal (not a chat admin, a member the school's
     * roster refuses), a conflict, or a class whose steps failed on every one of its tries.
     * {@link ClassResult#reason()} says what a person should do.
     */
    NEEDS_PERSON,
    /**
     * Not finished because the apply stopped early ({@link RosterApplyResult#stop()} says why). Everything done so
     * far is recorded: plan and apply again to finish it.
     */
    STOPPED;

    /** {@return whether the class's chat is now as the roster wants it} */
    public boolean finished() {
        return this == DONE || this == ALREADY_DONE || this == RECONCILED;
    }
}
