package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;

import java.util.Objects;

/**
 * A chat's photo was set or removed ({@code chat_photo_update}, {@code chat_photo_remove}); who did it is the
 * message's {@code from}.
 *
 * @param meta VK's envelope and the raw JSON (the photo's URLs are in {@code action.photo})
 * @param message the service message
 * @param removed true for {@code chat_photo_remove}
 * @since 0.1.0
 */
public record ChatPhotoUpdated(EventMeta meta, Message message, boolean removed) implements ChatActionEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param removed see the record component
     */
    public ChatPhotoUpdated {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
    }
}
