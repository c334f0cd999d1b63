package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;

/**
 * A member a step could not add, remove or invite, with the reason (for example a
 * {@link dev.sferum.sdk.chat.SchoolRosterException}: fix the school roster in Sferum).
 *
 * @param member the user or community that was not added, removed or invited; not null
 * @param error why the backend refused it (its category and remedy say what to fix); not null
 * @since 0.1.0
 */
public record MemberFailure(PeerId member, SferumException error) {

    /**
     * Checks.
     *
     * @param member the user or community that was not added, removed or invited; not null
     * @param error why the backend refused it (its category and remedy say what to fix); not null
     */
    public MemberFailure {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(error, "error");
    }
}
