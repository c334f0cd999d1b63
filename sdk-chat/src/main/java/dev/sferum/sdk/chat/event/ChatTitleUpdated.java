package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;

import java.util.Objects;

/**
 * A chat's title was changed ({@code chat_title_update}); who changed it is the message's {@code from}.
 *
 * @param meta VK's envelope and the raw JSON
 * @param message the service message
 * @param title the new title ({@code action.text}); empty if VK sent none
 * @since 0.1.0
 */
public record ChatTitleUpdated(EventMeta meta, Message message, String title) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param title see the record component
     */
    public ChatTitleUpdated {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(title, "title");
    }
}
