package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;

import java.util.Objects;
import java.util.Optional;

/**
 * A user forbade the community to message them ({@code message_deny}); sends to this user now fail until they
 * allow messages again.
 *
 * @param meta VK's envelope and the raw JSON
 * @param user who forbade it
 * @since 0.1.0
 */
public record MessageDeny(EventMeta meta, UserId user) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param user see the record component
     */
    public MessageDeny {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(user, "user");
    }

    /** {@return the user's dialog with the community} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(user.peer());
    }
}
