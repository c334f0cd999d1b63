package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat was created with the community in it ({@code chat_create}); who created it is the
 * {@link #actor()}.
 *
 * @param meta VK's envelope and the raw JSON
 * @param chat the chat the action happened in
 * @param actor who acted: on VK the service message's {@code from}
 * @param at when it happened
 * @param message the service message, on VK; empty on MAX, which has none
 * @param title the chat's title ({@code action.text}); empty if VK sent none
 * @since 0.1.0
 */
public record ChatCreated(EventMeta meta, PeerId chat, PeerId actor, Instant at, Optional<Message> message,
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
    public ChatCreated {
        ChatActions.check(meta, chat, actor, at, message);
        Objects.requireNonNull(title, "title");
    }
}
