package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.util.Objects;
import java.util.Optional;

/**
 * A message in a dialog or chat of the community was edited ({@code message_edit}); the message is its new version.
 *
 * @param meta VK's envelope and the raw JSON
 * @param message the message as it is now
 * @since 0.1.0
 */
public record MessageEdit(EventMeta meta, Message message) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     */
    public MessageEdit {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
    }

    /** {@return the chat or dialog the message is in} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(message.ref().peer());
    }
}
