package dev.sferum.sdk.chat.roster;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What applying a plan did: every step's result in plan order, one {@link ClassResult} per class, the invitations
 * to hand out, and, if the apply stopped early, why.
 *
 * <pre>{@code
 * RosterApplyResult result = sync.apply(plan, progress);
 * if (result.stop().isPresent()) {
 *     log.warn("stopped: {}; run again to resume", result.stop().get().message());
 * }
 * result.classes(ClassStatus.NEEDS_PERSON).forEach(c -> alert(c.classId() + ": " + c.reason()));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RosterApplyResult {
    private final List<StepResult> steps;
    private final List<PendingInvite> invites;
    private final int apiCalls;
    private final List<ClassResult> classes;
    private final RosterStop stop;

    /**
     * Creates the value; roster sync does this.
     *
     * @param steps every step's result, in plan order
     * @param invites the users who should join by invite link, per class
     * @param apiCalls the API calls made, retries included
     * @param classes one result per class of the plan, in plan order of their first step
     * @param stop why the apply stopped early, or {@code null} if it went through every class
     */
    public RosterApplyResult(List<StepResult> steps, List<PendingInvite> invites, int apiCalls, List<ClassResult> classes, RosterStop stop) {
        this.steps = List.copyOf(steps);
        this.invites = List.copyOf(invites);
        this.apiCalls = apiCalls;
        this.classes = List.copyOf(classes);
        this.stop = stop;
    }

    /** {@return every step's result, in plan order} */
    public List<StepResult> steps() {
        return steps;
    }

    /** {@return the users who should join by invite link, per class} */
    public List<PendingInvite> invites() {
        return invites;
    }

    /** {@return the API calls made, retries and reconciliation reads included} */
    public int apiCalls() {
        return apiCalls;
    }

    /** {@return one result per class of the plan} */
    public List<ClassResult> classes() {
        return classes;
    }

    /**
     * Lists the classes that ended with the given status.
     *
     * @param status a status
     * @return the classes that ended so
     */
    public List<ClassResult> classes(ClassStatus status) {
        Objects.requireNonNull(status, "status");
        return classes.stream().filter(c -> c.status() == status).toList();
    }

    /** {@return why the apply stopped before every class was tried to the end, if it did; a re-run resumes} */
    public Optional<RosterStop> stop() {
        return Optional.ofNullable(stop);
    }

    /** {@return how many times steps were tried again after failures that may pass, over all classes} */
    public int retries() {
        return classes.stream().mapToInt(ClassResult::retries).sum();
    }

    /** {@return how many unknown outcomes were checked against the account's conversations, over all classes} */
    public int reconciliations() {
        return classes.stream().mapToInt(ClassResult::reconciliations).sum();
    }

    /** {@return whether every step ended {@link StepStatus#DONE} or {@link StepStatus#ALREADY_DONE}} */
    public boolean complete() {
        return steps.stream().allMatch(s -> s.status() == StepStatus.DONE || s.status() == StepStatus.ALREADY_DONE);
    }

    /**
     * Lists the steps that ended with the given status.
     *
     * @param status a status
     * @return the steps that ended so
     */
    public List<StepResult> steps(StepStatus status) {
        return steps.stream().filter(s -> s.status() == status).toList();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RosterApplyResult[steps=").append(steps.size()).append(", apiCalls=").append(apiCalls);
        for (ClassStatus s : ClassStatus.values()) {
            long n = classes.stream().filter(c -> c.status() == s).count();
            if (n > 0) {
                b.append(", ").append(s.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
            }
        }
        b.append(", retries=").append(retries()).append(", reconciliations=").append(reconciliations());
        if (stop != null) {
            b.append(", stopped=").append(stop.reason());
        }
        return b.append(']').toString();
    }
}
