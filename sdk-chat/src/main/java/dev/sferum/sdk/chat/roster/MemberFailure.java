package dev.sferum.sdk.chat.roster;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.exception.SferumException;

import java.util.Objects;

/**
 * A member a step could not add, remove or invite, with the reason (for example a
 * {@link dev.sferum.sdk.chat.SchoolRosterException}: fix the school roster in Sferum).
 *
 * @param member the user or community
 * @param error why
 * @since 0.1.0
 */
public record MemberFailure(PeerId member, SferumException error) {

    /** Checks. */
    public MemberFailure {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(error, "error");
    }
}
