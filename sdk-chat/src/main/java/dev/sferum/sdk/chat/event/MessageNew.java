package dev.sferum.sdk.chat.event;

import dev.sferum.sdk.chat.Message;
import dev.sferum.sdk.chat.PeerId;
import dev.sferum.sdk.core.internal.Require;

import java.util.Optional;

/**
 * A new message reached the community: in a dialog with it, or in a chat it is a member of ({@code message_new}).
 *
 * <pre>{@code
 * events.onMessageNew(m -> {
 *     if (m.message().text().equalsIgnoreCase("расписание")) {
 *         chats.send(r -> r.peer(m.message().ref().peer()).text(schedule.today()));
 *     }
 * });
 * }</pre>
 *
 * <p>Chat service messages (a member joined, the title changed, …) also arrive from VK as {@code message_new}; the
 * SDK delivers those as {@link ChatActionEvent}s instead, never as this type.
 *
 * @param meta VK's envelope and the raw JSON
 * @param message the message
 * @param clientInfo what the sender's client can show; {@link ClientInfo#UNKNOWN} if VK did not say
 * @since 0.1.0
 */
public record MessageNew(EventMeta meta, Message message, ClientInfo clientInfo) implements ChatEvent {

    /**
     * Checks the values.
     *
     * @param meta see the record component
     * @param message see the record component
     * @param clientInfo see the record component
     */
    public MessageNew {
        Require.nonNull("meta message clientInfo", meta, message, clientInfo);
    }

    /** {@return the chat or dialog the message is in} */
    @Override
    public Optional<PeerId> peer() {
        return Optional.of(message.ref().peer());
    }
}
