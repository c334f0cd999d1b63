package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Optional;

/**
 * A chat's photo was set or removed ({@code chat_photo_update}, {@code chat_photo_remove}); who did it is the
 * {@link #actor()}.
 *
 * @param meta VK's envelope and the raw JSON (the photo's URLs are in {@code action.photo})
 * @param chat the chat the action happened in
 * @param actor who acted: on VK the service message's {@code from}
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param removed true for {@code chat_photo_remove}
 * @since 0.1.0
 */
public record ChatPhotoUpdated(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
        boolean removed) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param chat see the record component
     * @param actor see the record component
     * @param at see the record component
     * @param message see the record component
     * @param removed see the record component
     */
    public ChatPhotoUpdated {
        ChatActions.check(meta, chat, actor, at, message);
    }
}
