package dev.sferum.sdk.chat.roster;

/**
 * How one step of a plan ended.
 *
 * @since 0.1.0
 */
public enum StepStatus {
    /** It changed what it was meant to change. */
    DONE,
    /** Everything was already as the step wanted (the state changed since planning, or a re-run after a crash). */
    ALREADY_DONE,
    /** It did part of its work; {@link StepResult#memberFailures()} names who could not be handled and why. */
    PARTIAL,
    /** It could not be done (for example the account is not a chat admin); {@link StepResult#error()} says why. */
    FAILED,
    /** It no longer applies (the class's chat changed since planning); plan again. */
    SKIPPED,
    /**
     * It was not run, or not to its end: the apply stopped early, or an earlier step of its class did not finish.
     * Nothing of it is lost; plan and apply again to do it.
     */
    NOT_RUN
}
