package dev.sferum.sdk.chat.roster;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The minimal changes that bring the chats in line with a {@link Roster}, with their cost.
 *
 * <pre>{@code
 * RosterPlan plan = sync.plan(roster);
 * log.info("{} steps, {} calls, about {} s", plan.steps().size(), plan.apiCalls(), plan.estimatedDuration().toSeconds());
 * plan.notes().forEach(log::info);
 * }</pre>
 *
 * @param steps the changes, in the order {@code apply} makes them: creations, links to existing chats (on a backend
 *     that cannot create chats), renames, additions (or invitations), removals, retirements
 * @param notes what the plan cannot do and what to do instead (for example "adding members needs a user token:
 *     12 users of 3 classes get the invite link instead"), one sentence each
 * @param apiCalls how many API calls applying the plan is expected to make (a created chat whose members VK did not
 *     all report costs one more)
 * @param readCalls how many API calls making the plan took (not counting the one call a client may make, once, to
 *     learn its own account's id: {@code ChatClient.actor()})
 * @param requestsPerSecond the rate the estimate assumes
 * @param estimatedDuration {@code apiCalls / requestsPerSecond}
 * @since 0.1.0
 */
public record RosterPlan(List<RosterStep> steps, List<String> notes, int apiCalls, int readCalls, double requestsPerSecond,
                         Duration estimatedDuration) {

    /**
     * Checks and copies.
     *
     * @param steps the changes, in the order {@code apply} makes them: creations, links to existing chats (on a backend
     *     that cannot create chats), renames, additions (or invitations), removals, retirements
     * @param notes what the plan cannot do and what to do instead (for example "adding members needs a user token:
     *     12 users of 3 classes get the invite link instead"), one sentence each
     * @param apiCalls how many API calls applying the plan is expected to make (a created chat whose members VK did not
     *     all report costs one more)
     * @param readCalls how many API calls making the plan took (not counting the one call a client may make, once, to
     *     learn its own account's id: {@code ChatClient.actor()})
     * @param requestsPerSecond the rate the estimate assumes
     * @param estimatedDuration {@code apiCalls / requestsPerSecond}
     * @throws IllegalArgumentException if a count is negative or the rate is not positive
     */
    public RosterPlan {
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        Objects.requireNonNull(estimatedDuration, "estimatedDuration");
        if (apiCalls < 0 || readCalls < 0 || !(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("counts must not be negative and the rate must be positive: apiCalls " + apiCalls
                    + ", readCalls " + readCalls + ", requestsPerSecond " + requestsPerSecond);
        }
    }

    /** {@return whether there is nothing to do} */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * Lists the steps of one type.
     *
     * @param type a step type, such as {@code RosterStep.AddMembers.class}
     * @param <S> the type
     * @return the steps of that type, in order
     */
    public <S extends RosterStep> List<S> steps(Class<S> type) {
        return steps.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
