package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The tally of one step over all its tries in one apply: kept across retries, so members already handled are not
 * handled again, and the calls of every try are counted. Confined to the thread running the step's class.
 */
final class StepWork {
    final RosterStep step;
    final int index;
    /** Told when a creation with an unknown outcome was checked against the account's conversations. */
    final Consumer<Optional<PeerId>> reconciled;
    PeerId chat;
    int calls;
    int reconciliations;
    boolean changed;
    boolean skipped;
    final List<MemberFailure> failures = new ArrayList<>();
    /** Members added, removed or refused in an earlier try: a retry does not touch them again. */
    final Set<PeerId> handled = new HashSet<>();
    PendingInvite invite;
    SferumException error;
    /** Whether this apply's create of the class failed in a way that may pass (its outcome unknown), and when. */
    boolean createUnknown;
    long unknownAtNanos;

    StepWork(RosterStep step, int index, Consumer<Optional<PeerId>> reconciled) {
        this.step = step;
        this.index = index;
        this.reconciled = reconciled;
    }

    void call() {
        calls++;
    }

    StepResult result() {
        StepStatus status;
        if (error != null) {
            status = StepStatus.FAILED;
        } else if (skipped) {
            status = StepStatus.SKIPPED;
        } else if (!failures.isEmpty()) {
            status = StepStatus.PARTIAL;
        } else {
            status = changed ? StepStatus.DONE : StepStatus.ALREADY_DONE;
        }
        return new StepResult(step, status, chat, calls, failures, invite, error);
    }

    /** The result of a step that did not run to its end; {@code why} is the last failure, if any. */
    StepResult notRun(SferumException why) {
        return new StepResult(step, StepStatus.NOT_RUN, chat, calls, failures, invite, why);
    }
}
