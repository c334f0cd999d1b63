package dev.sferum.sdk.chat.roster;

import java.util.List;

/**
 * What applying a plan did.
 *
 * @param steps every step's result, in order
 * @param invites the users who should join by invite link, per class
 * @param apiCalls the API calls made
 * @since 0.1.0
 */
public record RosterApplyResult(List<StepResult> steps, List<PendingInvite> invites, int apiCalls) {

    /** Copies. */
    public RosterApplyResult {
        steps = List.copyOf(steps);
        invites = List.copyOf(invites);
    }

    /** @return whether every step ended {@link StepStatus#DONE} or {@link StepStatus#ALREADY_DONE} */
    public boolean complete() {
        return steps.stream().allMatch(s -> s.status() == StepStatus.DONE || s.status() == StepStatus.ALREADY_DONE);
    }

    /**
     * @param status a status
     * @return the steps that ended so
     */
    public List<StepResult> steps(StepStatus status) {
        return steps.stream().filter(s -> s.status() == status).toList();
    }
}
