package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;

import java.util.Objects;

/**
 * A chat was created with the community in it ({@code chat_create}); who created it is the message's
 * {@code from}.
 *
 * @param meta VK's envelope and the raw JSON
 * @param message the service message
 * @param title the chat's title ({@code action.text}); empty if VK sent none
 * @since 0.1.0
 */
public record ChatCreated(EventMeta meta, Message message, String title) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param title see the record component
     */
    public ChatCreated {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(title, "title");
    }
}
