package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat's title was changed ({@code chat_title_update}); who changed it is the {@link #actor()}.
 *
 * @param meta VK's envelope and the raw JSON
 * @param chat the chat the action happened in
 * @param actor who acted: on VK the service message's {@code from}
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param title the new title ({@code action.text}); empty if VK sent none
 * @since 0.1.0
 */
public record ChatTitleUpdated(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
        String title) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param chat see the record component
     * @param actor see the record component
     * @param at see the record component
     * @param message see the record component
     * @param title see the record component
     */
    public ChatTitleUpdated {
        ChatActions.check(meta, chat, actor, at, message);
        Objects.requireNonNull(title, "title");
    }
}
