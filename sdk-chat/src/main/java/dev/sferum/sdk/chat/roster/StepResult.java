package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one step of a plan went.
 *
 * @since 0.1.0
 */
public final class StepResult {
    private final RosterStep step;
    private final StepStatus status;
    private final PeerId chat;
    private final int apiCalls;
    private final List<MemberFailure> memberFailures;
    private final PendingInvite invite;
    private final SferumException error;

    /**
     * Creates the value; roster sync does this.
     *
     * @param step the step
     * @param status how it ended
     * @param chat the class's chat, or {@code null} if there is none (a failed creation)
     * @param apiCalls the API calls it made
     * @param memberFailures members it could not handle
     * @param invite users who should join by link, or {@code null}
     * @param error why it failed, or {@code null}
     */
    public StepResult(RosterStep step, StepStatus status, PeerId chat, int apiCalls, List<MemberFailure> memberFailures,
                      PendingInvite invite, SferumException error) {
        this.step = Objects.requireNonNull(step, "step");
        this.status = Objects.requireNonNull(status, "status");
        this.chat = chat;
        this.apiCalls = apiCalls;
        this.memberFailures = List.copyOf(memberFailures);
        this.invite = invite;
        this.error = error;
    }

    /** {@return the step} */
    public RosterStep step() {
        return step;
    }

    /** {@return how it ended} */
    public StepStatus status() {
        return status;
    }

    /** {@return the class's chat, if there is one} */
    public Optional<PeerId> chat() {
        return Optional.ofNullable(chat);
    }

    /** {@return the API calls it made} */
    public int apiCalls() {
        return apiCalls;
    }

    /** {@return members it could not add, remove or invite, with the reasons} */
    public List<MemberFailure> memberFailures() {
        return memberFailures;
    }

    /** {@return users who should join by invite link, if any} */
    public Optional<PendingInvite> invite() {
        return Optional.ofNullable(invite);
    }

    /** {@return why the step failed, for {@link StepStatus#FAILED}} */
    public Optional<SferumException> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "StepResult[" + step.getClass().getSimpleName() + " " + step.classId() + ": " + status
                + (chat != null ? ", " + chat : "") + ", calls=" + apiCalls
                + (memberFailures.isEmpty() ? "" : ", memberFailures=" + memberFailures.size())
                + (invite != null ? ", invite for " + invite.users().size() : "") + (error != null ? ", " + error.category() : "") + "]";
    }
}
