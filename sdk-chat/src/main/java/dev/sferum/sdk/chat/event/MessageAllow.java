package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.chat.UserId;
import dev.sferum.sdk.core.internal.Require;

import java.util.Optional;

/**
 * A user allowed the community to message them ({@code message_allow}); from now on sends to this user succeed
 * (VK errors 901/902 stop).
 *
 * @param meta VK's envelope and the raw JSON
 * @param user who allowed it
 * @param key the {@code key} parameter of the link the user allowed messages through (as in
 *     {@code vk.me/club123456?ref=…&key=…}), or empty
 * @since 0.1.0
 */
public record MessageAllow(EventMeta meta, UserId user, String key) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param user see the record component
     * @param key see the record component
     */
    public MessageAllow {
        Require.nonNull("meta user key", meta, user, key);
    }

    /** {@return the user's dialog with the community} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(user.peer());
    }
}
