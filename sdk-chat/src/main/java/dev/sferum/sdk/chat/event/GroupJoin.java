package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.internal.Require;

import java.util.Optional;

/**
 * A user joined the community, or asked to ({@code group_join}). This is the community, not a chat: chat members
 * arrive as {@link MemberJoined}.
 *
 * @param meta VK's envelope and the raw JSON
 * @param user who joined
 * @param joinType how
 * @since 0.1.0
 */
public record GroupJoin(EventMeta meta, UserId user, JoinType joinType) implements ChatEvent {

    /** How a user joined a community ({@code join_type}). */
    public enum JoinType {
        /** Joined an open community. */
        JOIN,
        /** Said "maybe" to an event community. */
        UNSURE,
        /** Accepted an invitation. */
        ACCEPTED,
        /** An administrator approved the user's request. */
        APPROVED,
        /** Asked to join a closed community; not a member yet. */
        REQUEST,
        /** A value this SDK version does not know; see the raw JSON. */
        OTHER
    }

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param user see the record component
     * @param joinType see the record component
     */
    public GroupJoin {
        Require.nonNull("meta user joinType", meta, user, joinType);
    }

    /** {@return the user's dialog with the community} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(user.peer());
    }
}
