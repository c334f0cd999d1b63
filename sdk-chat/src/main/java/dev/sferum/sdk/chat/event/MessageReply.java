package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;

import java.util.Objects;
import java.util.Optional;

/**
 * The community sent a message ({@code message_reply}): through the API, or an administrator from the community's
 * page. Use it to keep a copy of outgoing messages or to see what administrators answered by hand.
 *
 * @param meta VK's envelope and the raw JSON
 * @param message the outgoing message
 * @since 0.1.0
 */
public record MessageReply(EventMeta meta, Message message) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     */
    public MessageReply {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(message, "message");
    }

    /** {@return the chat or dialog the message is in} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(message.ref().peer());
    }
}
