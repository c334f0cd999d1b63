package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;

import java.util.Objects;
import java.util.Optional;

/**
 * A user left the community, or was removed from it ({@code group_leave}). Chat members leaving arrive as
 * {@link MemberLeft}.
 *
 * @param meta VK's envelope and the raw JSON
 * @param user who left
 * @param self whether the user left on their own ({@code self=1}) rather than being removed by an administrator
 * @since 0.1.0
 */
public record GroupLeave(EventMeta meta, UserId user, boolean self) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param user see the record component
     * @param self see the record component
     */
    public GroupLeave {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(user, "user");
    }

    /** {@return the user's dialog with the community} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(user.peer());
    }
}
